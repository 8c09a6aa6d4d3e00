import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Cell = string | number | null;

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: Record<string, Cell>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const text = (v: Cell) => (v === null ? '–' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c] ?? null).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`\n${title}\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((c) => text(row[c] ?? null)))}\n`);
}

export const RESULTS_DIR = path.resolve(__dirname, '../results');

/** Writes `tools/bench/results/<name>.json` with the machine it ran on. */
export function writeResult(name: string, command: string, result: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const body = {
    name,
    command,
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    result,
  };
  fs.writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
  return file;
}

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
