import { createHash } from 'node:crypto';

/**
 * A UUID derived from a kind and a natural key (name-based, RFC 4122 version 5 layout):
 * every service seeds the same demo entity under the same id without reading another's tables.
 */
export function stableUuid(kind: string, key: string): string {
  const bytes = createHash('sha1').update(`epg-demo:${kind}:${key}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
