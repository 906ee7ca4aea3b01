/**
 * `npm run projections:rebuild -- audit` runs this: rebuilds the audit log from the event stores
 * of identity, workspace and key-vault into fresh tables and swaps them in (docs/operations.md).
 * Safe while the stack runs. Progress goes to stderr; one JSON summary line to stdout.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EVENT_SOURCED_CONTEXTS } from '@steward/contracts';
import { EventStoreSchema1764140000000, ensureDatabase } from '@steward/event-store';
import { ConfigError, serviceDatabaseUrl } from '@steward/service-kit';
import { rebuildAuditLog } from './audit-log/rebuild/rebuild-audit-log';
import { loadAuditConfig } from './config/audit.config';
import { AUDIT_MIGRATIONS } from './migrations/audit-migrations';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'audit-rebuild', msg, ...fields })}\n`);
}

async function main(): Promise<number> {
  let dataSource: DataSource | undefined;
  try {
    const config = loadAuditConfig();
    const url = serviceDatabaseUrl('audit');
    const sources = EVENT_SOURCED_CONTEXTS.map((context) => ({ context, databaseUrl: serviceDatabaseUrl(context) }));
    await ensureDatabase(url);
    dataSource = new DataSource({
      type: 'postgres',
      url,
      // The schema the service would run: a rebuild works on the current one.
      migrations: [EventStoreSchema1764140000000, ...AUDIT_MIGRATIONS],
      migrationsTransactionMode: 'each',
      // Failures are reported below without their values; TypeORM's printing would include them.
      logging: false,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    log('rebuilding the audit log from the event stores', { stores: sources.map((s) => s.context), retention_days: config.retentionDays });
    const summary = await rebuildAuditLog(dataSource, sources, { retentionDays: config.retentionDays, log });
    log('audit log rebuilt and swapped in', { ...summary });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) log(`configuration error: ${error.message}`);
    else {
      // Database errors may carry statement parameters (entry values): report only what is safe.
      const { name, message, code } = error as { name?: string; message?: string; code?: string };
      log('audit rebuild failed; the live audit log is unchanged', { err: { name, message, code } });
    }
    return 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
