/** PostgreSQL unique violation (23505), optionally of one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | null;
  const code = e?.driverError?.code ?? e?.code;
  if (code !== '23505') return false;
  if (!constraint) return true;
  return (e?.driverError?.constraint ?? e?.constraint) === constraint;
}
