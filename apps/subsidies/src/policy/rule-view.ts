import type { Stage } from '@epg/domain';
import type { Condition, Rule } from './rule.schema';

/**
 * The typed GraphQL view of a rule's data (issue 22: typed objects instead of JSON in a String).
 * A condition becomes a uniform tree node: an operator, the fact and values of a leaf, the
 * conditions of a combination.
 */
export interface RuleConditionView {
  operator: 'FACT' | 'IN' | 'ANY' | 'ALL' | 'NOT';
  fact: string | null;
  values: string[];
  conditions: RuleConditionView[];
}

export function conditionView(condition: Condition): RuleConditionView {
  if ('any' in condition) return { operator: 'ANY', fact: null, values: [], conditions: condition.any.map(conditionView) };
  if ('all' in condition) return { operator: 'ALL', fact: null, values: [], conditions: condition.all.map(conditionView) };
  if ('not' in condition) return { operator: 'NOT', fact: null, values: [], conditions: [conditionView(condition.not)] };
  if ('in' in condition) return { operator: 'IN', fact: condition.fact, values: [...condition.in], conditions: [] };
  return { operator: 'FACT', fact: condition.fact, values: [], conditions: [] };
}

/** Entries of a per-stage record, in the record's order, as a list (GraphQL has no maps). */
function stageEntries<V>(record: Partial<Record<Stage, V>> | undefined): [Stage, V][] {
  return Object.entries(record ?? {}).filter(([, v]) => v !== undefined) as [Stage, V][];
}

export function amountByStageView(rule: Rule): { stage: Stage; amountFen: number }[] {
  return stageEntries(rule.amountByStage).map(([stage, amountFen]) => ({ stage, amountFen }));
}

export function amountWhenView(rule: Rule): { when: RuleConditionView; amountFen: number }[] {
  return (rule.amountWhen ?? []).map((v) => ({ when: conditionView(v.when), amountFen: v.amountFen }));
}

export function amountPercentOfView(rule: Rule): { percent: number; ruleByStage: { stage: Stage; ruleCode: string }[] } | null {
  const share = rule.amountPercentOf;
  if (!share) return null;
  return { percent: share.percent, ruleByStage: stageEntries(share.ruleByStage).map(([stage, ruleCode]) => ({ stage, ruleCode })) };
}
