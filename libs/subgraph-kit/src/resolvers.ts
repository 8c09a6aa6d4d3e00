/** Merges per-aggregate resolver maps; the same type may appear in several (e.g. Query). */
export function mergeResolvers<T extends object>(...maps: T[]): T {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map as Record<string, unknown>)) {
      if (fields && typeof fields === 'object' && !(Symbol.toStringTag in fields) && fields.constructor === Object) {
        merged[typeName] = { ...(merged[typeName] ?? {}), ...(fields as Record<string, unknown>) };
      } else {
        merged[typeName] = fields as Record<string, unknown>;
      }
    }
  }
  return merged as T;
}
