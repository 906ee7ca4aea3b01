import { Logger as NestLogger } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** Creates the service's database when it does not exist yet (CREATE DATABASE is not transactional). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently
      }
    }
  } finally {
    await client.end();
  }
}

/** Postgres error codes a caller turns into an answer (a unique violation → 409), not a fault. */
const ANSWERED_FAILURES = new Set(['23505']);

/**
 * TypeORM's logger for every data source of Steward. A failed query becomes one JSON line with
 * what names the failure — Postgres' error code, table, constraint and the statement's verb —
 * and never its bound values or Postgres' message, which can quote them (key hashes, sealed
 * secrets, emails; TypeORM's own loggers print both). A unique violation is an answer (409), not
 * logged. Successful queries, schema and migration steps are not logged.
 */
export class QueryFailureLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQueryError(error: string | Error, query: string): void {
    const { code, table, constraint } = (typeof error === 'object' ? error : {}) as { code?: string; table?: string; constraint?: string };
    if (code && ANSWERED_FAILURES.has(code)) return;
    this.logger.warn({ code, table, constraint, statement: query.trim().split(/\s+/, 1)[0]?.toUpperCase() }, 'query failed');
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
