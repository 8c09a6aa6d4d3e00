import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value of a COPY row: null → \N; arrays of strings → text[] literals; other objects → json. */
export type CopyValue = string | number | boolean | null | readonly string[] | object;

function escapeText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A value in PostgreSQL's COPY text format. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return escapeText(arrayLiteral(value as readonly string[]));
  return escapeText(JSON.stringify(value));
}

const CHUNK_CHARS = 1 << 20;

/** Joins rows into ~1 MiB chunks of COPY text. */
function* chunks(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let buffer = '';
  for (const row of rows) {
    buffer += row.map(copyField).join('\t') + '\n';
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/**
 * Streams rows into `table (columns)` with COPY FROM STDIN (text format), honouring
 * back-pressure: memory stays flat whatever the row count. Returns the number of rows.
 */
export async function copyRows(client: PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  let count = 0;
  const counted = function* () {
    for (const row of rows) {
      count += 1;
      yield row;
    }
  };
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(counted()), { objectMode: false }), sink);
  return count;
}
