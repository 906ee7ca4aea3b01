import { TypeOrmModule } from '@nestjs/typeorm';
import type { DynamicModule } from '@nestjs/common';
import type { MixedList } from 'typeorm';
import type { BoundedContext } from '@steward/contracts';
import { EventStoreSchema1764140000000, QueryFailureLogger, ensureDatabase } from '@steward/event-store';
import { dbPoolSize, serviceDatabaseUrl } from './config';

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
        extra: { max: dbPoolSize() },
        logging: ['error' as const],
        logger: new QueryFailureLogger(),
      };
    },
  });
}
