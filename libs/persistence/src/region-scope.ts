import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { forbidden, regionScopePrefix, type Principal } from '@epg/auth';
import { canonicalPrefix, overlapOf, prefixContains, type RegionCode, type RegionPrefix } from '@epg/domain';

/**
 * The rows one request (or one batch job) may touch: every row whose region column starts
 * with one canonical prefix. It owns the region predicate, so no service writes `LIKE` on a
 * region column by hand.
 *
 * - `RegionScope.of(principal)`: the caller's own subtree (built once per request).
 * - `scope.narrowTo(code)`: a region-wide list or report asked for one region inside it.
 * - `RegionScope.unscoped(job)`: the one explicit way to read across every region, for named
 *   set-based batch jobs (its name appears in the code that uses it, and in no request path).
 */
export class RegionScope {
  private constructor(
    /** null only for a named unscoped batch job. */
    readonly prefix: RegionPrefix | null,
    /** What this scope is: `within 3603` or `unscoped: <job>`. */
    readonly label: string,
  ) {}

  static within(prefix: RegionPrefix): RegionScope {
    return new RegionScope(prefix, `within ${prefix}`);
  }

  /** The caller's region subtree. */
  static of(principal: Principal): RegionScope {
    return RegionScope.within(regionScopePrefix(principal));
  }

  /** Every region, for the named batch job `job` (e.g. `projection refresh`). */
  static unscoped(job: string): RegionScope {
    if (!job.trim()) throw new Error('an unscoped region scope names the batch job that needs it');
    return new RegionScope(null, `unscoped: ${job}`);
  }

  /** This scope narrowed to region `code`, or null when the two do not overlap. */
  narrowTo(code: RegionCode): RegionScope | null {
    const requested = canonicalPrefix(code);
    if (this.prefix === null) return RegionScope.within(requested);
    const overlap = overlapOf(requested, this.prefix);
    return overlap === null ? null : RegionScope.within(overlap);
  }

  /**
   * This scope limited to region `code` when the whole region lies inside it, for a report on
   * the region; null otherwise — outside the scope, or above it (a partial figure must not pass
   * for the whole region's).
   */
  wholeRegion(code: RegionCode): RegionScope | null {
    const narrowed = this.narrowTo(code);
    return narrowed !== null && narrowed.prefix === canonicalPrefix(code) ? narrowed : null;
  }

  /** Like `narrowTo`, FORBIDDEN when `code` lies outside the scope. */
  requireNarrowTo(code: RegionCode): RegionScope {
    const narrowed = this.narrowTo(code);
    if (!narrowed) throw forbidden(`region ${code} is outside your region scope`);
    return narrowed;
  }

  /** True when a stored code (of any level) lies in the scope. */
  contains(code: string | null | undefined): boolean {
    if (code == null) return false;
    return this.prefix === null || prefixContains(this.prefix, code);
  }

  /** The LIKE pattern of the scope (escaped prefix + `%`). */
  likePattern(): string {
    return this.prefix === null ? '%' : `${escapeLike(this.prefix)}%`;
  }

  /** The predicate for a raw statement: `column LIKE <placeholder>`, the placeholder bound to `likePattern()`. */
  predicate(column: string, placeholder: string): string {
    return `${column} LIKE ${placeholder}`;
  }

  /** Adds the scope's predicate on `column` (e.g. `t.region_code`) to a query builder. */
  applyTo<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string): SelectQueryBuilder<T> {
    const parameter = `regionScope${scopeParameterSeq++}`;
    return qb.andWhere(this.predicate(column, `:${parameter}`), { [parameter]: this.likePattern() });
  }
}

// Unique parameter names, so a query joined from two scoped parts never binds one name twice.
let scopeParameterSeq = 0;

/** Escapes `%`, `_` and `\` for a LIKE pattern (a prefix is digits, but the scope never trusts that). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
