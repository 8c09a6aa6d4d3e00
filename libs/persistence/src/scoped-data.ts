import { GraphQLError } from 'graphql';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { forbidden } from '@epg/auth';
import { isRealDate, type RegionCode } from '@epg/domain';
import { RegionScope } from './region-scope';
import { isUuid } from './ids';

/**
 * Region-scoped data access (compare twentyhq/twenty's workspace-scoped repositories): built
 * once per request from the principal, it hands out repositories and raw statements that
 * already carry the region predicate. A service never adds a region `LIKE` by hand; it says
 * which column holds an entity's region (`@RegionScoped`) and reads through this.
 */

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const regionColumns = new WeakMap<Function, string>();

/**
 * Declares the property holding an entity's region code (a region, school, or village code):
 * every scoped read of the entity filters on it.
 */
export function RegionScoped(property: string): ClassDecorator {
  return (target) => {
    regionColumns.set(target, property);
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function regionPropertyOf(entity: Function): string {
  const property = regionColumns.get(entity);
  if (!property) throw new Error(`${entity.name} declares no region column: decorate it with @RegionScoped('<property>')`);
  return property;
}

/** A region predicate placed in a raw statement: `region('d.region_code')` → `d.region_code LIKE $1`. */
export type RegionPredicate = (column: string) => string;

export class ScopedData {
  constructor(
    readonly manager: EntityManager,
    readonly scope: RegionScope,
  ) {}

  /** The same scope over another manager (a transaction's). */
  in(manager: EntityManager): ScopedData {
    return new ScopedData(manager, this.scope);
  }

  /** Narrowed to region `code` (a region-wide list asked for one region); FORBIDDEN when outside the scope. */
  narrowTo(code: RegionCode): ScopedData {
    return new ScopedData(this.manager, this.scope.requireNarrowTo(code));
  }

  /**
   * Limited to region `code` when the whole region lies inside the scope (a report on it), or
   * null: outside the scope, or above it.
   */
  reportOn(code: RegionCode): ScopedData | null {
    const whole = this.scope.wholeRegion(code);
    return whole === null ? null : new ScopedData(this.manager, whole);
  }

  /** Limited to region `code`, which must lie wholly inside the scope: FORBIDDEN otherwise (also for a region above it). */
  inside(code: RegionCode): ScopedData {
    const whole = this.scope.wholeRegion(code);
    if (whole === null) throw forbidden(`region ${code} is outside your region scope`);
    return new ScopedData(this.manager, whole);
  }

  /** The entity's repository, every read limited to the scope (the entity must be `@RegionScoped`). */
  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): ScopedRepository<T> {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    return new ScopedRepository<T>(this.manager, entity, this.scope, regionPropertyOf(entity as Function));
  }

  /**
   * Rows without a region of their own, read as part of their owner (a teacher's postings, a
   * case's actions, a household's measures): limited to those with an owner row inside the scope,
   * `EXISTS (owner of the scope WHERE owns(ownerAlias))`. The owner's region decides, as it decides
   * who sees the owner. Add further conditions with `andWhere` (a `where` would drop the scope).
   */
  owned<T extends ObjectLiteral, O extends ObjectLiteral>(
    entity: EntityTarget<T>,
    alias: string,
    owner: EntityTarget<O>,
    owns: (ownerAlias: string) => string,
  ): SelectQueryBuilder<T> {
    const owners = this.repository(owner).query('scope_owner').select('1').andWhere(owns('scope_owner'));
    return this.manager
      .getRepository(entity)
      .createQueryBuilder(alias)
      .where(`EXISTS (${owners.getQuery()})`)
      .setParameters(owners.getParameters());
  }

  /**
   * A raw statement whose region predicate the scope places: `build` receives `region(column)`,
   * which renders `column LIKE $1` ($1 is the scope's pattern); the statement's own parameters
   * are `params`, numbered from $2.
   */
  query<R = Record<string, unknown>>(build: (region: RegionPredicate) => string, params: readonly unknown[] = []): Promise<R[]> {
    const sql = build((column) => this.scope.predicate(column, '$1'));
    return this.manager.query(sql, [this.scope.likePattern(), ...params]);
  }
}

export class ScopedRepository<T extends ObjectLiteral> {
  constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntityTarget<T>,
    private readonly scope: RegionScope,
    private readonly regionProperty: string,
  ) {}

  /** The region column of `alias`, as SQL (`t.region_code`). */
  regionColumn(alias: string): string {
    const column = this.manager.connection.getMetadata(this.entity).findColumnWithPropertyName(this.regionProperty);
    if (!column) throw new Error(`no column for property ${this.regionProperty}`);
    return `${alias}.${column.databaseName}`;
  }

  /** A query builder over the entity, limited to the scope. */
  query(alias: string): SelectQueryBuilder<T> {
    return this.scope.applyTo(this.manager.getRepository(this.entity).createQueryBuilder(alias), this.regionColumn(alias));
  }

  /** Rows by id inside the scope, one statement per batch (keys that are not UUIDs never reach SQL). */
  findByIds(ids: readonly string[]): Promise<T[]> {
    const keys = ids.filter(isUuid);
    if (keys.length === 0) return Promise.resolve([]);
    return this.query('row').andWhere('row.id = ANY(:ids::uuid[])', { ids: keys }).getMany();
  }

  /** One row by id inside the scope (null when absent or outside); `lock` takes a row lock for the transaction. */
  findById(id: string, options: { lock?: boolean } = {}): Promise<T | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    const qb = this.query('row').andWhere('row.id = :id::uuid', { id });
    if (options.lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** How many rows of the scope match `refine`. */
  count(alias: string, refine?: (qb: SelectQueryBuilder<T>) => SelectQueryBuilder<T>): Promise<number> {
    const qb = this.query(alias);
    return (refine ? refine(qb) : qb).getCount();
  }
}

/** One key of a keyset page: an SQL expression, and the cast its cursor value needs (`uuid`, `date`). */
export interface KeysetKey {
  expression: string;
  cast?: string;
}

/** A page request (`first`, and the sort-key values of the previous page's last row). */
export interface KeysetPageRequest {
  first: number;
  after: readonly (string | number)[] | null;
}

/** A cursor naming values its list never returned (`after`): bad input, never an internal error. */
function foreignCursor(): GraphQLError {
  return new GraphQLError('after: not a cursor this list returned', {
    extensions: { code: 'BAD_USER_INPUT', issues: [{ path: 'after', message: 'not a cursor this list returned' }] },
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d{1,18}$/;

/** Whether a cursor value can be cast to `cast` by PostgreSQL (checked before the statement runs). */
function fitsCast(value: string, cast: string | undefined): boolean {
  switch (cast) {
    case undefined:
    case 'text':
      return !value.includes('\u0000');
    case 'uuid':
      return isUuid(value);
    case 'date':
      return ISO_DATE.test(value) && isRealDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10)));
    case 'bigint':
    case 'int':
    case 'integer':
      return INTEGER.test(value);
    case 'timestamptz':
      return !Number.isNaN(Date.parse(value));
    default:
      return true;
  }
}

/**
 * The values of a decoded cursor as SQL parameters, checked against the keys' casts: a hand-made
 * cursor (wrong count, a non-uuid where a uuid goes, a NUL) is BAD_USER_INPUT naming `after`,
 * never a PostgreSQL cast error. Lists that write their keyset SQL by hand use it too.
 */
export function cursorParameters(after: readonly (string | number)[], casts: readonly (string | undefined)[]): string[] {
  if (after.length !== casts.length) throw foreignCursor();
  const values = after.map(String);
  if (!values.every((value, i) => fitsCast(value, casts[i]))) throw foreignCursor();
  return values;
}

/**
 * Rows of one keyset page: `first + 1` rows (the extra one only says whether another page
 * exists) after the cursor, ordered by `keys` (all ascending, or all descending).
 */
export async function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  page: KeysetPageRequest,
  keys: readonly KeysetKey[],
  direction: 'ASC' | 'DESC' = 'ASC',
): Promise<T[]> {
  const qb = query.clone();
  if (page.after) {
    const values = cursorParameters(page.after, keys.map((k) => k.cast));
    const names = keys.map((_, i) => `keyset${i}`);
    const left = keys.map((k) => k.expression).join(', ');
    const right = keys.map((k, i) => `:${names[i]}${k.cast ? `::${k.cast}` : ''}`).join(', ');
    qb.andWhere(`(${left}) ${direction === 'ASC' ? '>' : '<'} (${right})`, Object.fromEntries(names.map((n, i) => [n, values[i]])));
  }
  keys.forEach((k, i) => (i === 0 ? qb.orderBy(k.expression, direction) : qb.addOrderBy(k.expression, direction)));
  return qb.limit(page.first + 1).getMany();
}
