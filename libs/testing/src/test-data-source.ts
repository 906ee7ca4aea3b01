import { DataSource, type MigrationInterface } from 'typeorm';
import { EventStoreSchema1764140000000, ensureDatabase } from '@steward/event-store';
import { testDatabaseName } from './infra/test-databases';

type MigrationClass = new () => MigrationInterface;

/**
 * A database of the run's own for an integration test, emptied and migrated (the event store's
 * schema first, then `migrations`) — real Postgres, a clean slate every run.
 */
export async function freshTestDataSource(name: string, migrations: MigrationClass[]): Promise<DataSource> {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${testDatabaseName(name)}`;
  await ensureDatabase(url.toString());
  const wipe = new DataSource({ type: 'postgres', url: url.toString() });
  await wipe.initialize();
  await wipe.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await wipe.destroy();
  const dataSource = new DataSource({
    type: 'postgres',
    url: url.toString(),
    migrations: [EventStoreSchema1764140000000, ...migrations],
    migrationsTransactionMode: 'each',
    extra: { max: 20 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
