import { maskIdNumber, parseIdNumber } from '@epg/domain';
import { recordAudit } from '@epg/persistence';
import { badUserInput } from '@epg/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { findHouseholdByRegistrationNumber, findPersonByIdNumber } from './lookup.repository';

/**
 * Finding a household or a person by number. Both are region-scoped like `household(id)` and
 * `person(id)`: outside the caller's scope the answer is null, as for a number never registered.
 * A lookup by full ID number is a read of personal data: it is audited, found or not, with the
 * number masked only.
 */
export const lookupResolvers: Resolvers = {
  Query: {
    householdByRegistrationNumber: (_parent, { registrationNumber }, ctx) =>
      findHouseholdByRegistrationNumber(ctx.data, registrationNumber.trim()),
    personByIdNumber: async (_parent, args, ctx) => {
      const parsed = parseIdNumber(args.idNumber.trim().toUpperCase());
      // The message never repeats the number.
      if (!parsed.ok) throw badUserInput(`idNumber: ${parsed.message}`, [{ path: 'idNumber', message: parsed.message }]);
      const idNumber = parsed.value.idNumber;
      const person = await findPersonByIdNumber(ctx.data, idNumber);
      await recordAudit(ctx.dataSource.manager, ctx, [
        {
          operation: 'read:personByIdNumber',
          // A person found: their household's region; none: the caller's own region.
          regionCode: person ? person.villageCode : ctx.principal.regionCode,
          entityType: 'Person',
          entityId: person?.id ?? null,
          after: { why: (args.reason ?? '').trim().slice(0, 200) || 'operation personByIdNumber', idNumberMasked: maskIdNumber(idNumber), found: Boolean(person) },
        },
      ]);
      return person;
    },
  },
};
