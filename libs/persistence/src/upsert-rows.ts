import type { EntityManager } from 'typeorm';
import { copyInto, copyLine, type CopyValue } from './copy-in';

/**
 * Where rows land and how: `table`'s `key` decides between insert and update; `columns` maps each
 * column to the field of a row that fills it; `stamped` columns take an SQL expression (e.g.
 * `now()`) on insert and on update.
 */
export interface UpsertTarget<TRow> {
  table: string;
  key: string;
  columns: Readonly<Record<string, keyof TRow & string>>;
  stamped?: Readonly<Record<string, string>>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function checkIdentifiers(target: UpsertTarget<unknown>): void {
  const names = [target.table, target.key, ...Object.keys(target.columns), ...Object.keys(target.stamped ?? {})];
  const bad = names.find((n) => !IDENTIFIER.test(n));
  if (bad) throw new Error(`upsertRows: "${bad}" is not a plain SQL identifier`);
}

/**
 * Inserts rows, or updates the row already there with the same key — a page of a projection
 * applied in four statements whatever its size: the rows are COPYed into a temporary table
 * with the target's column types (they parse them, so a malformed value fails the
 * transaction) and merged from there. Twice as fast as unnest() arrays or a jsonb recordset
 * for 10,000 rows, and no per-column SQL to keep in step with the table. Each key at most once
 * per call (`latestPerKey`). Must run in a transaction.
 */
export async function upsertRows<TRow>(manager: EntityManager, target: UpsertTarget<TRow>, rows: readonly TRow[]): Promise<void> {
  if (rows.length === 0) return;
  checkIdentifiers(target as UpsertTarget<unknown>);
  const columns = Object.keys(target.columns);
  const fields = Object.values(target.columns);
  const stamped = Object.entries(target.stamped ?? {});
  const incoming = `${target.table}_incoming`;
  let text = '';
  for (const row of rows) text += copyLine(fields.map((field) => row[field] as CopyValue));
  // The target's own column types, none of its constraints (the merge enforces them).
  await manager.query(`CREATE TEMP TABLE ${incoming} ON COMMIT DROP AS SELECT ${columns.join(', ')} FROM ${target.table} WITH NO DATA`);
  await copyInto(manager, incoming, columns, text);
  const written = [...columns, ...stamped.map(([column]) => column)];
  const updates = written.filter((c) => c !== target.key).map((c) => `${c} = EXCLUDED.${c}`);
  await manager.query(
    `INSERT INTO ${target.table} (${written.join(', ')})
     SELECT ${[...columns, ...stamped.map(([, sql]) => sql)].join(', ')} FROM ${incoming}
     ON CONFLICT (${target.key}) DO UPDATE SET ${updates.join(', ')}`,
  );
  await manager.query(`DROP TABLE ${incoming}`);
}
