import type { QueryRunner } from 'typeorm';

/** The writes a statement-level trigger can follow. */
export type TriggerEvent = 'insert' | 'update' | 'delete';

const ALL_EVENTS: readonly TriggerEvent[] = ['insert', 'update', 'delete'];

/** The transition tables each event gives its trigger function: `new_rows`, `old_rows`. */
const TRANSITION_TABLES: Record<TriggerEvent, string> = {
  insert: 'NEW TABLE AS new_rows',
  update: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
  delete: 'OLD TABLE AS old_rows',
};

const triggerName = (table: string, purpose: string, event: TriggerEvent) => `${table}_${purpose}_${event}`;

/**
 * `AFTER <event> … FOR EACH STATEMENT` triggers on `table` that call `fn()` with the statement's
 * rows as transition tables (`new_rows`, `old_rows`): one call per statement however many rows it
 * writes, so bulk loads (COPY, multi-row upserts) keep roll-ups true at set-based cost. Named
 * `<table>_<purpose>_<event>`.
 */
export async function createStatementTriggers(
  q: QueryRunner,
  table: string,
  fn: string,
  purpose: string,
  events: readonly TriggerEvent[] = ALL_EVENTS,
): Promise<void> {
  for (const event of events) {
    await q.query(`CREATE TRIGGER ${triggerName(table, purpose, event)} AFTER ${event.toUpperCase()} ON ${table}
                     REFERENCING ${TRANSITION_TABLES[event]} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  }
}

export async function dropStatementTriggers(q: QueryRunner, table: string, purpose: string, events: readonly TriggerEvent[] = ALL_EVENTS): Promise<void> {
  for (const event of events) await q.query(`DROP TRIGGER ${triggerName(table, purpose, event)} ON ${table}`);
}

/**
 * SQL `birth_cohort(date)`: the academic year of the 1 September on or after which one was born —
 * born in (1 Sept of c − 1, 1 Sept of c] → cohort c — so "aged a–b on 1 September of year Y" is a
 * range of cohorts (see `school-age.ts` in households). For the services that keep roll-ups by it.
 */
export const BIRTH_COHORT_FUNCTION_SQL = `
  CREATE FUNCTION birth_cohort(birth date) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN extract(year FROM birth)::int
         + CASE WHEN extract(month FROM birth) > 9 OR (extract(month FROM birth) = 9 AND extract(day FROM birth) > 1) THEN 1 ELSE 0 END`;
