import { createHash } from 'node:crypto';

/**
 * What an import's idempotency key stands for (pure). A key is scoped to the caller's region:
 * (region, key) is unique, so a county can neither replay another county's import nor squat its
 * keys. It also stands for one batch: the sha256 of the batch's canonical JSON is stored with it,
 * and the same key with a different batch is refused instead of answering the first batch's result.
 */

/**
 * The canonical JSON of a value: object keys sorted, absent and null fields dropped (GraphQL
 * treats an omitted optional field and an explicit null alike), arrays in their order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The sha256 (hex) of a batch's canonical JSON: equal for the same batch however it was spelt. */
export function batchHash(households: readonly unknown[]): string {
  return createHash('sha256').update(canonicalJson(households)).digest('hex');
}
