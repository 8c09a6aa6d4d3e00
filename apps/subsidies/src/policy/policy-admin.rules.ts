import { canSeeRegion, forbidden, type Principal, type Role } from '@epg/auth';
import { isInside, type RegionCode, type Stage } from '@epg/domain';
import type { Condition, Rule } from './rule.schema';

/**
 * Who may administer subsidy policy sets, and what a set may say (资助政策的制定权限).
 *
 * - Scope: `policy:admin`, held by the officers who adopt policy (not every clerk of a county).
 * - Level: PROVINCE, CITY and COUNTY offices adopt sets for their own region or a region inside it
 *   (a province's set is PROVINCE-level: only the province's officers adopt or amend it). TOWNSHIP,
 *   SCHOOL, INTEGRATION, AUDITOR and SERVICE never do.
 * - A county (or city) may hold its own set, e.g. set A (芦溪县) or set C, but it may not override
 *   the amounts of an enclosing region's set: the most specific set governs a year on its own
 *   (sets never add up), so a county set covering a year in which the province's set is in force
 *   would replace the province's amounts. Such a set is adopted by an officer whose scope holds the
 *   enclosing set's region (the province's office), never by the county's. An amendment may keep
 *   the years its set already governed (an enclosing set adopted later left them to it), never add
 *   years an enclosing set governs.
 * - Overlap: two sets of the same region covering a common year and stage would leave the
 *   governing set ambiguous; the second is a CONFLICT (naming the first only inside the caller's scope).
 * - Amounts: no rule amount above {@link RULE_CEILING_FEN}; the national basic living subsidy for
 *   boarding students (国家基础标准) never below its floor ({@link BOARDING_FLOOR_FEN}).
 */
export const POLICY_ADMIN = 'policy:admin';

/** The roles that adopt policy: the offices of a province, city or county (五级 minus township and school). */
export const POLICY_ADMIN_ROLES: readonly Role[] = ['PROVINCE', 'CITY', 'COUNTY'];

/** Refuses a caller whose role does not adopt policy (the scope is checked by the write envelope). */
export function assertPolicyAdministrator(principal: Principal): void {
  if (!POLICY_ADMIN_ROLES.includes(principal.role)) {
    throw forbidden(`policy is administered by province, city and county offices with ${POLICY_ADMIN}, not by ${principal.role}`);
  }
}

/**
 * The highest amount a rule may give one student (or one school per student) in one academic year:
 * 10,000 yuan. The policy notes' largest amount is 5,000 yuan (A-UNI-ENTRY, once); the largest
 * yearly grants are 3,000 (B-VOC-RURAL, C-VOC-TWO); the sources cap a year's student loan at 8,000
 * (生源地信用助学贷款 不超过8000元). Twice the largest grant leaves room for a local raise and
 * refuses the ¥99,999 a line of an attack carried.
 */
export const RULE_CEILING_FEN = 1_000_000;

/**
 * The national basic living subsidy of boarding students from difficult families (寄宿生生活补助,
 * 国家基础标准): 1,000 yuan a year in primary, 1,250 in junior secondary — the amount of every
 * seeded set (A-BRD-*, B-BRD-*, C-BRD-*). A set may pay more, never less.
 */
export const BOARDING_FLOOR_FEN: Partial<Record<Stage, number>> = { PRIMARY: 100_000, JUNIOR: 125_000 };

export interface AmountIssue {
  /** Path inside the input, e.g. `input.rules.1.amountFen`. */
  path: string;
  message: string;
}

/** A condition that requires `fact` whatever else holds (the fact itself, or a member of an `all`). */
function requires(condition: Condition | undefined, fact: string): boolean {
  if (!condition) return false;
  if ('fact' in condition) return condition.fact === fact;
  if ('all' in condition) return condition.all.some((c) => requires(c, fact));
  return false;
}

/** A boarding living subsidy: cash to the student, granted only to boarding students, not an add-on of a selection list. */
function isBoardingSubsidy(rule: Rule): boolean {
  return rule.kind === 'CASH' && rule.beneficiary === 'STUDENT' && !rule.selectionRequired && requires(rule.when, 'boarding') && !requires(rule.when, 'specialEducation');
}

/** Every amount a rule states, with its path below the rule. */
function amountsOf(rule: Rule): { path: string; fen: number; stages: readonly Stage[] }[] {
  const amounts: { path: string; fen: number; stages: readonly Stage[] }[] = [];
  if (rule.amountFen !== null) amounts.push({ path: 'amountFen', fen: rule.amountFen, stages: rule.stages.filter((s) => rule.amountByStage?.[s] === undefined) });
  for (const [stage, fen] of Object.entries(rule.amountByStage ?? {})) {
    if (fen !== undefined) amounts.push({ path: `amountByStage.${stage}`, fen, stages: [stage as Stage] });
  }
  (rule.amountWhen ?? []).forEach((variant, i) => amounts.push({ path: `amountWhen.${i}.amountFen`, fen: variant.amountFen, stages: rule.stages }));
  return amounts;
}

/** The floors and ceilings a set's rule amounts break (empty: none). Paths start at `input.rules`. */
export function amountIssues(rules: readonly Rule[]): AmountIssue[] {
  const issues: AmountIssue[] = [];
  rules.forEach((rule, i) => {
    for (const amount of amountsOf(rule)) {
      const path = `input.rules.${i}.${amount.path}`;
      if (amount.fen > RULE_CEILING_FEN) {
        issues.push({ path, message: `${rule.code}: ${amount.fen} fen is above the ceiling of ${RULE_CEILING_FEN} fen (10,000 yuan) a student a year` });
      }
      if (!isBoardingSubsidy(rule)) continue;
      for (const stage of amount.stages) {
        const floor = BOARDING_FLOOR_FEN[stage];
        if (floor !== undefined && amount.fen < floor) {
          issues.push({ path, message: `${rule.code}: the boarding living subsidy in ${stage} is at least ${floor} fen a year (国家基础标准), not ${amount.fen}` });
        }
      }
    }
  });
  return issues;
}

/** What the level and overlap rules need of a set (an existing one, or the one being adopted). */
export interface SetSpan {
  code: string;
  regionCode: RegionCode;
  fromYear: number;
  toYear: number | null;
  stages: readonly Stage[];
}

export function stagesOf(rules: readonly Pick<Rule, 'stages'>[]): Stage[] {
  return [...new Set(rules.flatMap((r) => r.stages))];
}

function yearsOverlap(a: Pick<SetSpan, 'fromYear' | 'toYear'>, b: Pick<SetSpan, 'fromYear' | 'toYear'>): boolean {
  return a.fromYear <= (b.toYear ?? Infinity) && b.fromYear <= (a.toYear ?? Infinity);
}

/**
 * The first set of an enclosing region (strictly above the candidate's) in force in a year the
 * candidate would newly govern, that the caller does not administer: adopting the candidate would
 * override its amounts. For an amendment, `previous` is the version it replaces: years that
 * version already governed stay the county's (an enclosing set adopted later, by the office that
 * administers it, left them to the county's set), so only years the amendment adds count.
 */
export function overriddenSet<S extends SetSpan>(principal: Principal, candidate: SetSpan, current: readonly S[], previous?: Pick<SetSpan, 'fromYear' | 'toYear'>): S | null {
  const newlyGoverned = (s: S) => {
    const from = Math.max(s.fromYear, candidate.fromYear);
    const to = Math.min(s.toYear ?? LAST_YEAR, candidate.toYear ?? LAST_YEAR);
    for (let year = from; year <= to; year++) if (!previous || !covers(previous, year)) return true;
    return false;
  };
  return (
    current.find((s) => s.regionCode !== candidate.regionCode && isInside(candidate.regionCode, s.regionCode) && !canSeeRegion(principal, s.regionCode) && newlyGoverned(s)) ??
    null
  );
}

/** The last academic year a set can name (academicYearSchema). */
const LAST_YEAR = 2100;

function covers(span: Pick<SetSpan, 'fromYear' | 'toYear'>, year: number): boolean {
  return span.fromYear <= year && (span.toYear === null || year <= span.toYear);
}

/** Another current set of the candidate's region covering a common year and stage (sets of the same code excluded: an amendment replaces them). */
export function overlappingSet<S extends SetSpan>(candidate: SetSpan, current: readonly S[]): S | null {
  return (
    current.find(
      (s) => s.regionCode === candidate.regionCode && s.code !== candidate.code && yearsOverlap(s, candidate) && s.stages.some((stage) => candidate.stages.includes(stage)),
    ) ?? null
  );
}

/** The CONFLICT message for an overlap: it names the other set only when the caller could read it. */
export function overlapMessage(principal: Principal, candidate: SetSpan, other: SetSpan): string {
  const years = `${candidate.fromYear}–${candidate.toYear ?? ''}`;
  return canSeeRegion(principal, other.regionCode)
    ? `policy set ${other.code} of ${other.regionCode} already covers years and stages of ${years}: end it (amend its toYear) or amend it instead`
    : `another policy set already covers years and stages of ${years} in region ${candidate.regionCode}`;
}
