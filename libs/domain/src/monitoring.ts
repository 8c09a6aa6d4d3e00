import { z } from 'zod';
import type { HouseholdCategory, HouseholdStatus } from './enums';
import { REGISTERED_POOR_CATEGORIES } from './household-status';
import { dateBetween, EARLIEST_LEDGER_DATE, notBefore, type Implausible } from './plausibility';

/**
 * Monitoring against return to poverty (防返贫监测): households the officers watch, by class, with
 * coded risk flags and a dated history, and the consolidation period after an exit.
 *
 * - EDGE (边缘易致贫户, 边缘户): a difficult family that was never registered poor (纯低保户, 城镇困难家庭)
 *   but lives near the line.
 * - MONITORED (脱贫不稳定户, 监测户): an EXITED household whose exit is not yet stable.
 */
export const MONITORING_CATEGORIES = ['EDGE', 'MONITORED'] as const;
export type MonitoringCategory = (typeof MONITORING_CATEGORIES)[number];

/**
 * Risks of falling (back) into poverty, from the seeds' causes (因病, 因残, 因学, 因灾 …: README
 * "Causes"; seed 002 "减少因学返贫") and what they say is watched after an exit (seed 002: "重点监测
 * 脱贫户的收支、'两不愁三保障'及饮水安全" — income and spending, housing, drinking water).
 */
export const RISK_FLAGS = [
  'ILLNESS',
  'DISABILITY',
  'ACCIDENT',
  'EDUCATION_COST',
  'UNEMPLOYMENT',
  'DISASTER',
  'INCOME_DROP',
  'HOUSING',
  'DRINKING_WATER',
  'OTHER',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/** What a classification rule needs of the household. */
export interface MonitoringSubject {
  category: HouseholdCategory;
  status: HouseholdStatus;
  identifiedOn: string;
  lastExitedOn: string | null;
  /** The date of its latest monitoring change, if any. */
  monitoringChangedOn: string | null;
}

/** Whether the household may take this class, else the rule it breaks (field `category`). */
export function checkMonitoringCategory(household: MonitoringSubject, category: MonitoringCategory): Implausible {
  if (household.status === 'REMOVED') return 'a REMOVED household (清退) is not monitored';
  if (category === 'MONITORED' && household.status !== 'EXITED') {
    return `MONITORED (脱贫不稳定户) is for EXITED households; this one is ${household.status}`;
  }
  if (category === 'EDGE' && REGISTERED_POOR_CATEGORIES.includes(household.category)) {
    return `EDGE (边缘易致贫户) is for difficult families never registered poor; this household is ${household.category}`;
  }
  return null;
}

/**
 * The date of a monitoring change: a recorded fact (2000 to today), not before the household was
 * identified, nor before its latest monitoring change, nor — for MONITORED — before its exit.
 */
export function checkMonitoringDate(household: MonitoringSubject, on: string, category: MonitoringCategory | null, today: string): Implausible {
  return (
    dateBetween(on, { from: EARLIEST_LEDGER_DATE }, today) ??
    notBefore(on, household.identifiedOn, 'the household’s identification') ??
    (household.monitoringChangedOn ? notBefore(on, household.monitoringChangedOn, 'its latest monitoring change') : null) ??
    (category === 'MONITORED' && household.lastExitedOn ? notBefore(on, household.lastExitedOn, 'its exit from poverty') : null)
  );
}

/** Risk flags of a classification: at least one, none twice. */
export function checkRiskFlags(flags: readonly RiskFlag[]): Implausible {
  if (flags.length === 0) return 'name at least one risk (返贫致贫风险)';
  return new Set(flags).size === flags.length ? null : 'a risk is listed twice';
}

/**
 * The consolidation period after an exit (巩固期), in whole years after the exit year. From the
 * seeds: seed 002's village plan runs "到201x年底…脱贫销号; 201x年查漏补缺; 201x年巩固提高" — the exit
 * year, then one year of filling gaps and one of consolidating — under "四个不摘" (摘帽不摘责任、
 * 不摘政策、不摘帮扶、不摘监管: responsibility, policies, help and monitoring stay). So a household
 * that exits in year Y is consolidating until 31 December of Y + 2.
 */
export const CONSOLIDATION_YEARS_AFTER_EXIT = 2;

export interface ConsolidationPeriod {
  /** The exit date. */
  from: string;
  /** The last day: 31 December of the second year after the exit year. */
  until: string;
}

/** The consolidation period of an exit on `exitedOn`. */
export function consolidationPeriod(exitedOn: string): ConsolidationPeriod {
  const exitYear = Number(exitedOn.slice(0, 4));
  return { from: exitedOn, until: `${exitYear + CONSOLIDATION_YEARS_AFTER_EXIT}-12-31` };
}

/** Whether `on` lies inside the period. */
export function inConsolidationPeriod(period: ConsolidationPeriod, on: string): boolean {
  return on >= period.from && on <= period.until;
}

export const monitoringCategorySchema = z.enum(MONITORING_CATEGORIES);
export const riskFlagSchema = z.enum(RISK_FLAGS);
