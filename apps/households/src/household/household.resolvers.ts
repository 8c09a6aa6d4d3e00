import { forbidden, hasScope, PII_READ, visibleBirthDate } from '@epg/auth';
import { birthYearOf, householdCategorySchema, householdStatusSchema, maskIdNumber, regionCodeSchema } from '@epg/domain';
import { parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { Resolvers } from '../generated/resolvers-types';
import { countHouseholdsMatching, findHouseholdPage } from './household.repository';
import {
  addHelpMeasure,
  assignHelper,
  changeHouseholdStatus,
  importHouseholds,
  recordHelpProgress,
  recordLabourFacts,
  registerHousehold,
} from './household.service';

const householdFilterSchema = z.object({
  regionCode: regionCodeSchema,
  status: householdStatusSchema.nullish(),
  category: householdCategorySchema.nullish(),
});

export const householdResolvers: Resolvers = {
  Query: {
    households: (_parent, args, ctx) => {
      const filter = parseInput(householdFilterSchema, args.filter, 'filter');
      // The caller's scope narrowed to the requested region; FORBIDDEN when they do not overlap.
      const data = ctx.data.narrowTo(filter.regionCode);
      const page = parsePageArgs(args);
      const listFilter = { status: filter.status, category: filter.category };
      return findHouseholdPage(data, listFilter, page).then((rows) =>
        toConnection(rows, page, (h) => [h.registrationNumber], () => countHouseholdsMatching(data, listFilter)),
      );
    },
    household: (_parent, { id }, ctx) => ctx.loaders.household.load(id),
    person: (_parent, { id }, ctx) => ctx.loaders.person.load(id),
  },
  Mutation: {
    registerHousehold: (_parent, { input }, ctx) => registerHousehold(ctx, input),
    changeHouseholdStatus: (_parent, args, ctx) => changeHouseholdStatus(ctx, args),
    importHouseholds: (_parent, args, ctx) => importHouseholds(ctx, args),
    assignHelper: (_parent, { householdId, helper }, ctx) => assignHelper(ctx, householdId, helper),
    addHelpMeasure: (_parent, { input }, ctx) => addHelpMeasure(ctx, input),
    recordHelpProgress: (_parent, args, ctx) => recordHelpProgress(ctx, args),
    recordLabourFacts: (_parent, { personId, facts }, ctx) => recordLabourFacts(ctx, personId, facts),
  },
  Household: {
    __resolveReference: (ref, ctx) => ctx.loaders.household.load(ref.id),
    village: (household, _args, ctx) => ctx.loaders.region.load(household.villageCode),
    members: (household, _args, ctx) => ctx.loaders.members.load(household.id),
    statusHistory: (household, _args, ctx) => ctx.loaders.statusHistory.load(household.id),
    helpMeasures: (household, _args, ctx) => ctx.loaders.helpMeasures.load(household.id),
    helper: (household) =>
      household.helperName ? { name: household.helperName, unit: household.helperUnit ?? '', phone: household.helperPhone } : null,
  },
  HelpMeasure: {
    progress: (measure, _args, ctx) => ctx.loaders.helpProgress.load(measure.id),
  },
  Person: {
    __resolveReference: (ref, ctx) => ctx.loaders.person.load(ref.id),
    birthDate: (person, _args, ctx) => visibleBirthDate(ctx.principal, person.birthDate),
    birthYear: (person) => birthYearOf(person.birthDate),
    idNumberMasked: (person) => maskIdNumber(person.idNumber),
    idNumber: async (person, args, ctx, info) => {
      if (!hasScope(ctx.principal, PII_READ)) throw forbidden(`reading a full ID number needs the ${PII_READ} scope`);
      // The gateway names its subgraph fetches `<operation>__<service>__<n>`.
      const operation = info.operation.name?.value.replace(/__\w+__\d+$/, '') ?? '(anonymous)';
      const why = (args.reason ?? '').trim().slice(0, 200) || `operation ${operation}`;
      await ctx.loaders.idNumberReads.load({ person, why });
      return person.idNumber;
    },
    household: (person, _args, ctx) => ctx.loaders.household.load(person.householdId),
    labour: (person) =>
      person.labourCapacity
        ? {
            capacity: person.labourCapacity,
            skills: person.labourSkills,
            employed: person.employed ?? false,
            employer: person.employer,
            updatedOn: person.labourUpdatedOn ?? '',
          }
        : null,
  },
};
