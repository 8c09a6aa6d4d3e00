import { academicYearSchema, maskIdNumber } from '@epg/domain';
import { isUuid } from '@epg/persistence';
import { badUserInput, parseInput, parsePageArgs, toConnection } from '@epg/subgraph-kit';
import { z } from 'zod';
import type { SubsidiesContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { regionData } from '../entitlement/list-data';
import { countPayments, findPaymentPage } from './payment.repository';
import type { PaymentModel } from './payment.models';
import { reverseSubsidyPayment } from './payment.service';
import { reconcileSubsidyPayments } from './reconcile.service';

type AnyPayment = PaymentModel;

/** The entitlement of a payment, when the payment did not come with its facts. */
const lineOf = (p: AnyPayment, ctx: SubsidiesContext) => ctx.loaders.entitlement.load(p.entitlementId);

const channelSchema = z.string().trim().min(1).max(100);

export const paymentResolvers: Resolvers = {
  Query: {
    subsidyPayments: async (_parent, args, ctx) => {
      const data = regionData(ctx, args.regionCode);
      const academicYear = args.academicYear == null ? null : parseInput(academicYearSchema, args.academicYear, 'academicYear');
      if (args.schoolId != null && !isUuid(args.schoolId)) {
        throw badUserInput('schoolId: not a school id', [{ path: 'schoolId', message: 'not a school id' }]);
      }
      const filter = { schoolId: args.schoolId ?? null, academicYear, channel: args.channel == null ? null : parseInput(channelSchema, args.channel, 'channel') };
      const page = parsePageArgs(args);
      const rows = await findPaymentPage(data, filter, page);
      return toConnection(rows, page, (p) => [p.paidOn, p.id], () => countPayments(data, filter));
    },
    reconcileSubsidyPayments: (_parent, args, ctx) => reconcileSubsidyPayments(ctx, args),
  },
  Mutation: {
    reverseSubsidyPayment: (_parent, args, ctx) => reverseSubsidyPayment(ctx, args),
  },
  Payment: {
    reference: (p) => p.idempotencyKey,
    reversed: (p) => p.reversedAt != null,
    reversal: (p) => (p.reversedAt ? { reversedAt: p.reversedAt, reason: p.reversalReason ?? '', reversedBy: p.reversedBy ?? '' } : null),
    ruleCode: async (p: AnyPayment, _args, ctx) => p.ruleCode ?? (await lineOf(p, ctx))?.ruleCode ?? null,
    academicYear: async (p: AnyPayment, _args, ctx) => p.academicYear ?? (await lineOf(p, ctx))?.academicYear ?? null,
    person: async (p: AnyPayment, _args, ctx) => {
      const personId = p.personId ?? (await lineOf(p, ctx))?.personId;
      return personId ? { id: personId } : null;
    },
    school: async (p: AnyPayment, _args, ctx) => {
      const schoolId = p.schoolId !== undefined ? p.schoolId : (await lineOf(p, ctx))?.schoolId;
      return schoolId ? { id: schoolId } : null;
    },
    personName: (p: AnyPayment) => p.personName ?? null,
    // Only the masked form is kept here; re-masked on read like every masked number the graph serves.
    idNumberMasked: (p: AnyPayment) => (p.idNumberMasked ? maskIdNumber(p.idNumberMasked) : null),
  },
};
