import { dateBetween, type Implausible } from '@epg/domain';

/**
 * The public notice period (公示期) of a subsidy list.
 *
 * The source plans require approved lists to be published (公示) before payment but name no length;
 * national student-aid practice (国家助学金 and 建档立卡 lists) posts them for at least five working
 * days (公示期不少于5个工作日). The rule applied here: the period starts on the day of publication
 * and ends on the fifth working day counted from it (the start counts when it is a working day).
 * Working days are Monday to Friday: the graph holds no public-holiday calendar, so a period over a
 * holiday is shorter in real working days than the rule intends — officers extend by publishing a
 * correction.
 */
export const NOTICE_WORKING_DAYS = 5;

const DAY_MS = 24 * 60 * 60 * 1000;

function parseDay(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function isoOf(day: Date): string {
  return day.toISOString().slice(0, 10);
}

function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The notice period of a list published on `publishedOn` (ISO date): start and last day. */
export function noticePeriodOf(publishedOn: string, workingDays: number = NOTICE_WORKING_DAYS): { start: string; end: string } {
  let day = parseDay(publishedOn);
  let counted = isWorkingDay(day) ? 1 : 0;
  while (counted < workingDays) {
    day = new Date(day.getTime() + DAY_MS);
    if (isWorkingDay(day)) counted += 1;
  }
  return { start: publishedOn, end: isoOf(day) };
}

/** Whether the period is running on `today` (公示中): from its start to its last day, inclusive. */
export function isNoticePeriodOpen(period: { start: string; end: string }, today: string): boolean {
  return today >= period.start && today <= period.end;
}

/**
 * An objection's date of receipt: not in the future, and not before the notice was published (an
 * objection is to a posted list). One received after the period ended is still recorded (a late
 * objection must be answered too); the notice shows it as received after the period.
 */
export function objectionDateIssue(receivedOn: string, period: { start: string }, today: string): Implausible {
  if (receivedOn < period.start) return `${receivedOn} is before the notice was published (${period.start})`;
  return dateBetween(receivedOn, { from: period.start }, today);
}
