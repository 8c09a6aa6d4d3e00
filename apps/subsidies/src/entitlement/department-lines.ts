import type { Stage } from '@epg/domain';
import type { Rule } from '../policy/rule.schema';

/**
 * What a department may submit (统一救助标准): a rule of the policy set governing the student's
 * school and year, for the student's stage and grade, at the rule's amount — never a rule code or
 * an amount of its own. The same check runs on every computation, so a department line that no
 * longer fits (the set was amended, the student moved stage) is cancelled, and the engine never
 * defers to a line of 1 fen.
 */

/** The set governing a student's school and year, as far as the check needs it. */
export interface GoverningRules {
  code: string;
  rules: readonly Rule[];
}

/** Where a department line stands: the rule it names, or the refusal with the input field at fault. */
export type DepartmentLineCheck = { ok: true; rule: Rule } | { ok: false; field: 'ruleCode' | 'amountFen'; message: string };

/**
 * The amounts a rule may pay a student of `stage`: its stage amount (or share of another rule's),
 * and each variant's. Empty: the rule states no amount (a waiver, a benefit in kind).
 */
export function amountsOfRule(rules: readonly Rule[], rule: Rule, stage: Stage): number[] {
  const amounts = new Set<number>();
  if (rule.amountPercentOf) {
    const targetCode = rule.amountPercentOf.ruleByStage[stage];
    const target = rules.find((r) => r.code === targetCode);
    const base = target ? (target.amountByStage?.[stage] ?? target.amountFen) : null;
    if (base !== null) amounts.add(Math.round((base * rule.amountPercentOf.percent) / 100));
  } else {
    const base = rule.amountByStage?.[stage] ?? rule.amountFen;
    if (base !== null) amounts.add(base);
  }
  for (const variant of rule.amountWhen ?? []) amounts.add(variant.amountFen);
  return [...amounts].sort((a, b) => a - b);
}

/** Checks a department line (rule code and amount) for a student of `stage` and `grade` under `set`. */
export function checkDepartmentLine(
  set: GoverningRules | null,
  line: { ruleCode: string; amountFen: number | null; stage: Stage; grade: number },
): DepartmentLineCheck {
  if (!set) return { ok: false, field: 'ruleCode', message: `no policy set governs the student's school in that year: ${line.ruleCode} is not a rule there` };
  const rule = set.rules.find((r) => r.code === line.ruleCode);
  if (!rule) return { ok: false, field: 'ruleCode', message: `${line.ruleCode} is not a rule of policy set ${set.code}, which governs the student's school in that year` };
  if (!rule.stages.includes(line.stage) || (rule.grades && !rule.grades.includes(line.grade))) {
    return { ok: false, field: 'ruleCode', message: `${line.ruleCode} of policy set ${set.code} does not cover the student's stage and grade (${line.stage} ${line.grade})` };
  }
  const amounts = amountsOfRule(set.rules, rule, line.stage);
  if (amounts.length === 0 && line.amountFen !== null) {
    return { ok: false, field: 'amountFen', message: `${line.ruleCode} of policy set ${set.code} states no amount: submit it without one` };
  }
  if (amounts.length > 0 && (line.amountFen === null || !amounts.includes(line.amountFen))) {
    return { ok: false, field: 'amountFen', message: `${line.ruleCode} of policy set ${set.code} pays ${amounts.join(' or ')} fen, not ${line.amountFen ?? 'no amount'}` };
  }
  return { ok: true, rule };
}

/** A live department line as the computation re-checks it, with the enrolment it was submitted for. */
export interface SubmittedLine {
  id: string;
  ruleCode: string;
  amountFen: number | null;
  paidFen: number;
  /** Null: the enrolment is no longer in the projection. */
  stage: Stage | null;
  grade: number | null;
}

/**
 * The department lines that no longer fit the set governing each (`setOf` the line), each with
 * the reason it is cancelled — or stopped, when money was paid on it (the paid part then goes on
 * the recovery list).
 */
export function misfitDepartmentLines<L extends SubmittedLine>(lines: readonly L[], setOf: (line: L) => GoverningRules | null): { id: string; reason: string }[] {
  const misfits: { id: string; reason: string }[] = [];
  for (const line of lines) {
    const why =
      line.stage === null || line.grade === null
        ? 'the enrolment it was submitted for is no longer known'
        : checkDepartmentLine(setOf(line), { ruleCode: line.ruleCode, amountFen: line.amountFen, stage: line.stage, grade: line.grade });
    if (typeof why === 'object' && why.ok) continue;
    const message = typeof why === 'string' ? why : why.message;
    misfits.push({
      id: line.id,
      reason:
        line.paidFen > 0
          ? `stopped at recomputation: the department line no longer fits the policy (${message}); the paid part is to be recovered`
          : `department line no longer fits the policy at recomputation: ${message}`,
    });
  }
  return misfits;
}
