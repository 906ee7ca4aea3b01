/**
 * `npm run projections:rebuild -- notification` runs this: rebuilds notification's replicas
 * (users, workspaces and members, destinations, key names: what decides who gets an email) from
 * the event stores of identity, workspace and key-vault into fresh tables and swaps them in
 * (docs/operations.md). Safe while the stack runs; it never queues or sends an email. Progress
 * goes to stderr; one JSON summary line to stdout.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { EventStoreSchema1764140000000, ensureDatabase } from '@steward/event-store';
import { serviceDatabaseUrl } from '@steward/service-kit';
import { NOTIFICATION_MIGRATIONS } from './migrations/notification-migrations';
import { rebuildReplicas, shadowConnectionOptions } from './recipients/rebuild/rebuild-replicas';
import { RecipientsSubscriber } from './recipients/recipients.subscriber';

function log(msg: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'notification-rebuild', msg, ...fields })}\n`);
}

async function main(): Promise<number> {
  let live: DataSource | undefined;
  let shadow: DataSource | undefined;
  try {
    const url = serviceDatabaseUrl('notification');
    const sources = RecipientsSubscriber.contexts.map((context) => ({ context, databaseUrl: serviceDatabaseUrl(context) }));
    await ensureDatabase(url);
    live = new DataSource({
      type: 'postgres',
      url,
      // The schema the service would run: a rebuild works on the current one.
      migrations: [EventStoreSchema1764140000000, ...NOTIFICATION_MIGRATIONS],
      migrationsTransactionMode: 'each',
      logging: false,
    });
    await live.initialize();
    await live.runMigrations();
    shadow = new DataSource({ type: 'postgres', url, extra: { ...shadowConnectionOptions(), max: 2 }, logging: false });
    await shadow.initialize();
    log('rebuilding the recipient replicas from the event stores', { stores: sources.map((s) => s.context) });
    const summary = await rebuildReplicas(live, shadow, sources, { log });
    log('recipient replicas rebuilt and swapped in', { ...summary });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    // Database errors may carry statement parameters (names, addresses): report only what is safe.
    const { name, message, code } = error as { name?: string; message?: string; code?: string };
    log('notification rebuild failed; the live replicas are unchanged', { err: { name, message, code } });
    return 1;
  } finally {
    await shadow?.destroy().catch(() => undefined);
    await live?.destroy().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
