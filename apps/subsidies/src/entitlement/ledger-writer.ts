import type { EntityManager } from 'typeorm';
import type { RegionCode } from '@epg/domain';
import { copyInto, copyLine } from '@epg/persistence';
import type { DueLine } from './due-lines';

/** What a computation's created entitlements share: the year, whether they are back-pay, when the facts were refreshed. */
export interface LedgerStamp {
  academicYear: number;
  backPay: boolean;
  factsRefreshedAt: Date;
}

/** How many rows a statement wrote and the region codes they are in (for the coverage roll-up). */
export interface Written {
  count: number;
  regionCodes: RegionCode[];
}

const LEDGER_COLUMNS = [
  'person_id', 'enrolment_id', 'school_id', 'region_code', 'academic_year', 'rule_code', 'policy_set_id', 'policy_version',
  'kind', 'beneficiary', 'amount_fen', 'funding', 'status', 'back_pay', 'source', 'facts', 'explanation',
] as const;

/**
 * Creates entitlements (status COMPUTED, source ENGINE) from due lines, straight into the ledger
 * with COPY a batch at a time (`add` lines, then `flush`): each records the facts the engine saw —
 * policy set and version, the student's profile, the enrolment and when the projected facts were
 * refreshed — why (explanation) and who funds it. The one-live unique index backs it: a line
 * already live fails the COPY, and with it the computation's transaction.
 */
export class LedgerWriter {
  private rows = '';
  private count = 0;
  private readonly regionCodes = new Set<RegionCode>();
  // A student's profile and a rule's funding are serialised once, not once per line.
  private lastEnrolment: string | null = null;
  private lastProfile = '';
  private readonly fundingOf = new Map<string, string>();

  constructor(
    private readonly manager: EntityManager,
    private readonly stamp: LedgerStamp,
  ) {}

  add(line: DueLine): void {
    if (line.enrolmentId !== this.lastEnrolment) {
      this.lastEnrolment = line.enrolmentId;
      this.lastProfile = JSON.stringify(line.profile);
    }
    const fundingKey = `${line.set.id}|${line.ruleCode}`;
    let funding = this.fundingOf.get(fundingKey);
    if (funding === undefined) {
      funding = JSON.stringify(line.funding);
      this.fundingOf.set(fundingKey, funding);
    }
    const facts =
      `{"policySet":${JSON.stringify(line.set.code)},"policyVersion":${line.set.version},"profile":${this.lastProfile},` +
      `"enrolmentId":"${line.enrolmentId}","factsRefreshedAt":"${this.stamp.factsRefreshedAt.toISOString()}"}`;
    this.rows += copyLine([
      line.personId, line.enrolmentId, line.schoolId, line.regionCode, this.stamp.academicYear, line.ruleCode, line.set.id, line.set.version,
      line.kind, line.beneficiary, line.amountFen, funding, 'COMPUTED', this.stamp.backPay, 'ENGINE', facts, line.explanation,
    ]);
    this.count += 1;
    this.regionCodes.add(line.regionCode);
  }

  /** Writes what was added since the last flush. */
  async flush(): Promise<void> {
    const rows = this.rows;
    this.rows = '';
    await copyInto(this.manager, 'entitlement', LEDGER_COLUMNS, rows);
  }

  /** Writes the rest: the entitlements created. */
  async close(): Promise<Written> {
    await this.flush();
    return { count: this.count, regionCodes: [...this.regionCodes] };
  }
}
