import type { Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';

/**
 * TypeORM's messages through the service's (redacting) logger. Without it TypeORM's console
 * logger prints every failed statement with `-- PARAMETERS: [...]` — the full row of a failed
 * INSERT, ID numbers included — on stdout. Here a failed statement is logged with its SQL text
 * and error (both scrubbed), never its bound values.
 */
export class RedactedQueryLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(_query: string, _parameters?: unknown[]): void {}

  /** `_parameters` (the bound values) are deliberately never logged. */
  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    // Expected failures (unique violations the write envelope turns into CONFLICT) are common: debug.
    this.logger.debug({ err: error, query }, 'statement failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, 'slow statement');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.info({ migration: message }, 'migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger[level === 'warn' ? 'warn' : 'info']({ typeorm: message }, 'typeorm');
  }
}
