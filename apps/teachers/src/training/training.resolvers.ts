import type { Resolvers } from '../generated/resolvers-types';
import { recordTraining, teacherTrainingHours, untrainedTeachers } from './training.service';

export const trainingResolvers: Resolvers = {
  Query: {
    untrainedTeachers: (_parent, args, ctx) => untrainedTeachers(ctx, args),
  },
  Mutation: {
    recordTraining: (_parent, { input }, ctx) => recordTraining(ctx, input),
  },
  Teacher: {
    trainings: (teacher, _args, ctx) => ctx.loaders.trainingsOfTeacher.load(teacher.id),
    trainingHours: async (teacher, args, ctx) => teacherTrainingHours(await ctx.loaders.trainingsOfTeacher.load(teacher.id), args.cycleStartYear),
  },
  TrainingRecord: {
    teacher: (record, _args, ctx) => ctx.loaders.teacher.load(record.teacherId),
  },
};
