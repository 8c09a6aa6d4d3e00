import { isRegisteredPoorHousehold, type Beneficiary, type EntitlementKind, type HouseholdCategory } from '@epg/domain';
import type { EntitlementProfile } from './profile';
import type { BooleanFact, Condition, PolicySetDefinition, Rule } from './rule.schema';

/**
 * The subsidy engine: one pure function from a policy set, an academic year and a student's
 * profile to the entitlement lines that apply, each with its amount and an explanation naming
 * the facts that made it apply. Every rule whose conditions hold applies, each as its own line.
 */
export interface EntitlementLine {
  ruleCode: string;
  kind: EntitlementKind;
  beneficiary: Beneficiary;
  /** Null where the policy gives no amount. */
  amountFen: number | null;
  funding: { source: string; percent: number }[];
  explanation: string;
}

/** Categories that make a family "difficult" (家庭经济困难) besides the poverty registry. */
const DIFFICULT_CATEGORIES: readonly HouseholdCategory[] = ['POVERTY_LOW_INCOME', 'LOW_INCOME_ONLY', 'FIVE_GUARANTEES', 'URBAN_DIFFICULT'];

const DEFAULT_FUNDING = [{ source: 'FINANCE', percent: 100 }];

/**
 * Registered poor (建档立卡) under a set in a year: a household of a registry category (never
 * 纯低保 or an urban difficult family) whose status was IDENTIFIED or RELAPSED; EXITED where the set
 * keeps benefits after exit (脱贫不脱政策), otherwise only up to the academic year of exit; never
 * REMOVED. The rule itself lives in libs/domain (isRegisteredPoorHousehold).
 */
export function isRegisteredPoor(set: Pick<PolicySetDefinition, 'exitedKeepBenefits'>, academicYear: number, profile: EntitlementProfile): boolean {
  return isRegisteredPoorHousehold(
    { category: profile.householdCategory, status: profile.householdStatus, exitedAcademicYear: profile.householdExitedYear },
    academicYear,
    set.exitedKeepBenefits,
  );
}

interface Facts {
  values: Record<BooleanFact, boolean>;
  profile: EntitlementProfile;
  describe: Record<BooleanFact, string>;
}

function deriveFacts(set: PolicySetDefinition, academicYear: number, profile: EntitlementProfile): Facts {
  const registeredPoor = isRegisteredPoor(set, academicYear, profile);
  // A REMOVED household (wrongly identified) proves nothing; a 低保 family outside the registry does.
  const difficultCategory =
    profile.householdStatus !== 'REMOVED' && profile.householdCategory !== null && DIFFICULT_CATEGORIES.includes(profile.householdCategory);
  const status = profile.householdStatus;
  const poorReason =
    status === 'EXITED'
      ? set.exitedKeepBenefits
        ? 'household EXITED, benefits kept under this set (脱贫不脱政策)'
        : `household EXITED in ${profile.householdExitedYear}, benefits end after that year under this set`
      : `household ${status}`;
  return {
    profile,
    values: {
      boarding: profile.boarding,
      specialEducation: profile.specialEducation,
      agricultureMajor: profile.agricultureMajor,
      ruralResident: profile.ruralResident,
      disabled: profile.disabled,
      nonContinuingGraduate: profile.nonContinuingGraduate,
      admittedToUniversity: profile.admittedToUniversityInProvince !== null,
      admittedToUniversityInProvince: profile.admittedToUniversityInProvince === true,
      registeredPoor,
      difficultFamily: registeredPoor || difficultCategory,
    },
    describe: {
      boarding: 'boarding',
      specialEducation: 'special education',
      agricultureMajor: 'agriculture major',
      ruralResident: 'rural resident',
      disabled: 'disabled',
      nonContinuingGraduate: 'non-continuing graduate (两后生)',
      admittedToUniversity: 'admitted to university this year',
      admittedToUniversityInProvince: 'university in the province',
      registeredPoor: `registered poor (${poorReason})`,
      difficultFamily: registeredPoor ? `difficult family: registered poor (${poorReason})` : `difficult family (${profile.householdCategory})`,
    },
  };
}

/** Evaluates a condition; `reasons` collects the facts that made it hold. */
function holds(condition: Condition, facts: Facts, reasons: string[]): boolean {
  if ('any' in condition) {
    for (const option of condition.any) {
      const local: string[] = [];
      if (holds(option, facts, local)) {
        reasons.push(...local);
        return true;
      }
    }
    return false;
  }
  if ('all' in condition) {
    const local: string[] = [];
    if (!condition.all.every((part) => holds(part, facts, local))) return false;
    reasons.push(...local);
    return true;
  }
  if ('not' in condition) {
    const ok = !holds(condition.not, facts, []);
    if (ok && 'fact' in condition.not && !('in' in condition.not)) reasons.push(`not ${facts.describe[condition.not.fact as BooleanFact]}`);
    return ok;
  }
  if (condition.fact === 'householdCategory') {
    const category = facts.profile.householdStatus === 'REMOVED' ? null : facts.profile.householdCategory;
    const ok = category !== null && condition.in.includes(category);
    if (ok) reasons.push(`household category ${category}`);
    return ok;
  }
  if (condition.fact === 'schoolOwnership') {
    const ok = condition.in.includes(facts.profile.schoolOwnership);
    if (ok) reasons.push(`school ownership ${facts.profile.schoolOwnership}`);
    return ok;
  }
  const ok = facts.values[condition.fact];
  if (ok) reasons.push(facts.describe[condition.fact]);
  return ok;
}

function baseAmount(rule: Rule, profile: EntitlementProfile): number | null {
  return rule.amountByStage?.[profile.stage] ?? rule.amountFen;
}

function amountOf(set: PolicySetDefinition, rule: Rule, facts: Facts, reasons: string[]): number | null {
  for (const variant of rule.amountWhen ?? []) {
    const local: string[] = [];
    if (holds(variant.when, facts, local)) {
      reasons.push(...local);
      return variant.amountFen;
    }
  }
  if (rule.amountPercentOf) {
    const targetCode = rule.amountPercentOf.ruleByStage[facts.profile.stage];
    const target = set.rules.find((r) => r.code === targetCode);
    const targetAmount = target ? baseAmount(target, facts.profile) : null;
    if (targetAmount === null) return null;
    reasons.push(`${rule.amountPercentOf.percent}% of ${targetCode}`);
    return Math.round((targetAmount * rule.amountPercentOf.percent) / 100);
  }
  return baseAmount(rule, facts.profile);
}

/** The lines of `set` that apply to a student with `profile` in `academicYear`. */
export function evaluatePolicySet(set: PolicySetDefinition, academicYear: number, profile: EntitlementProfile): EntitlementLine[] {
  const facts = deriveFacts(set, academicYear, profile);
  const lines: EntitlementLine[] = [];
  for (const rule of set.rules) {
    if (rule.selectionRequired) continue;
    if (!rule.stages.includes(profile.stage)) continue;
    if (rule.grades && !rule.grades.includes(profile.grade)) continue;
    const reasons: string[] = [`stage ${profile.stage} grade ${profile.grade}`];
    if (rule.when && !holds(rule.when, facts, reasons)) continue;
    const amountFen = amountOf(set, rule, facts, reasons);
    lines.push({
      ruleCode: rule.code,
      kind: rule.kind,
      beneficiary: rule.beneficiary,
      amountFen,
      funding: rule.funding ?? DEFAULT_FUNDING,
      explanation: `${rule.code} ${rule.description}: ${reasons.join('; ')}`,
    });
  }
  return lines;
}

/** Totals to the student and to the school (lines without an amount add nothing). */
export function totalsOf(lines: readonly EntitlementLine[]): { toStudentFen: number; toSchoolFen: number } {
  let toStudentFen = 0;
  let toSchoolFen = 0;
  for (const line of lines) {
    if (line.amountFen === null) continue;
    if (line.beneficiary === 'STUDENT') toStudentFen += line.amountFen;
    else toSchoolFen += line.amountFen;
  }
  return { toStudentFen, toSchoolFen };
}
