import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/**
 * Counts the SQL statements a data source sends. Tests and benchmarks use it to prove
 * that a page of N rows costs a constant number of statements, not one per row.
 */
export class SqlStatementCounter implements TypeOrmLogger {
  private count = 0;
  readonly statements: string[] = [];
  /**
   * `ignore`: statements sent while it answers true are not counted (e.g. those serving another
   * service's background feed reads while a test counts one request's statements).
   */
  constructor(
    private readonly keep = 200,
    private readonly ignore?: () => boolean,
  ) {}

  logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (this.ignore?.()) return;
    if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(query)) return;
    this.count += 1;
    if (this.statements.length < this.keep) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  get total(): number {
    return this.count;
  }
  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }
}
