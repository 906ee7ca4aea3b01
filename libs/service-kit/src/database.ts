import { Client } from 'pg';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DynamicModule } from '@nestjs/common';
import type { MixedList } from 'typeorm';
import type { BoundedContext } from '@steward/contracts';
import { EventStoreSchema1764140000000 } from '@steward/event-store';
import { serviceDatabaseUrl } from './config';

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

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = MixedList<Function | string>;

/**
 * TypeORM for one service: its own database, schema by migrations run at start (the event
 * store's first, then the service's), never `synchronize`.
 */
export function serviceDatabaseModule(context: BoundedContext, migrations: MigrationList = []): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: async () => {
      const url = serviceDatabaseUrl(context);
      await ensureDatabase(url);
      return {
        type: 'postgres' as const,
        url,
        synchronize: false,
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
        migrations: [EventStoreSchema1764140000000, ...(migrations as unknown[])] as MigrationList,
        entities: [],
        extra: { max: Number(process.env.DB_POOL_SIZE || 10) },
        logging: ['error' as const],
      };
    },
  });
}
