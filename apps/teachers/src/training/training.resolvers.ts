import type { Resolvers } from '../generated/resolvers-types';
import { recordTraining, untrainedTeachers } from './training.service';

export const trainingResolvers: Resolvers = {
  Query: {
    untrainedTeachers: (_parent, args, ctx) => untrainedTeachers(ctx, args),
  },
  Mutation: {
    recordTraining: (_parent, { input }, ctx) => recordTraining(ctx, input),
  },
  Teacher: {
    trainings: (teacher, _args, ctx) => ctx.loaders.trainingsOfTeacher.load(teacher.id),
  },
  TrainingRecord: {
    teacher: (record, _args, ctx) => ctx.loaders.teacher.load(record.teacherId),
  },
};
