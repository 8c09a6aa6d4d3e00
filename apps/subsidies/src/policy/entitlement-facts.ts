import type { EntitlementProfile } from './profile';

/** An entitlement's recorded facts (the `facts` jsonb), typed for the graph; absent fields are null. */
export interface EntitlementFactsView {
  policySetCode: string | null;
  policyVersion: number | null;
  profile: EntitlementProfile | null;
  enrolmentId: string | null;
  factsRefreshedAt: Date | null;
  submittedBy: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Reads the facts a line was recorded with: an engine line holds its set, version, profile,
 * enrolment and refresh time (ledger-writer.ts); a department's line who submitted it. Anything
 * else (older records) reads as null rather than failing the entitlement.
 */
export function entitlementFactsOf(facts: object): EntitlementFactsView {
  const f = facts as Record<string, unknown>;
  const refreshed = text(f.factsRefreshedAt);
  const profile = f.profile && typeof f.profile === 'object' ? (f.profile as EntitlementProfile) : null;
  return {
    policySetCode: text(f.policySet),
    policyVersion: typeof f.policyVersion === 'number' ? f.policyVersion : null,
    profile,
    enrolmentId: text(f.enrolmentId),
    factsRefreshedAt: refreshed && !Number.isNaN(Date.parse(refreshed)) ? new Date(refreshed) : null,
    submittedBy: text(f.submittedBy),
  };
}
