import { Initial1764000000000 } from './1764000000000-initial';
import { SubsidyLedger1764200000000 } from './1764200000000-subsidy-ledger';
import { CoverageIndexes1764300000000 } from './1764300000000-coverage-indexes';
import { CoverageRollup1764400000000 } from './1764400000000-coverage-rollup';
import { RedundantIndexes1764500000000 } from './1764500000000-redundant-indexes';
import { OneLiveCoverIndex1764600000000 } from './1764600000000-one-live-cover-index';
import { PolicySetReferencePerStatement1764700000000 } from './1764700000000-policy-set-reference-per-statement';
import { AuditDataRegion1764800000000 } from './1764800000000-audit-data-region';
import { KeysPerRegion1764820000000 } from './1764820000000-keys-per-region';
import { HouseholdStatusHistory1764900000000 } from './1764900000000-household-status-history';
import { PolicyEffectiveYear1765010000000 } from './1765010000000-policy-effective-year';
import { TopUps1765010000001 } from './1765010000001-top-ups';
import { PaymentReversalDelivery1765010000002 } from './1765010000002-payment-reversal-delivery';
import { CancelledByHand1765010000003 } from './1765010000003-cancelled-by-hand';
import { NoticePeriodObjections1765020000000 } from './1765020000000-notice-period-objections';
import { NutritionPlanCounty1765021000000 } from './1765021000000-nutrition-plan-county';
import { AdmissionAndTwoAfterFacts1765030000000 } from './1765030000000-admission-and-two-after-facts';
import { NoticeSupersededIndex1765090000000 } from './1765090000000-notice-superseded-index';

/** Every migration of the subsidies schema, in order. */
export const migrations = [
  Initial1764000000000,
  SubsidyLedger1764200000000,
  CoverageIndexes1764300000000,
  CoverageRollup1764400000000,
  RedundantIndexes1764500000000,
  OneLiveCoverIndex1764600000000,
  PolicySetReferencePerStatement1764700000000,
  AuditDataRegion1764800000000,
  KeysPerRegion1764820000000,
  HouseholdStatusHistory1764900000000,
  PolicyEffectiveYear1765010000000,
  TopUps1765010000001,
  PaymentReversalDelivery1765010000002,
  CancelledByHand1765010000003,
  NoticePeriodObjections1765020000000,
  NutritionPlanCounty1765021000000,
  AdmissionAndTwoAfterFacts1765030000000,
  NoticeSupersededIndex1765090000000,
];
