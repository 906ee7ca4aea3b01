/**
 * readEventStores against real PostgreSQL: several stores merged into one (time, id) order, as
 * the CloudEvents their outboxes published, in batches; and the by-id read of a catch-up.
 */
import { DataSource } from 'typeorm';
import type { BoundedContext, CloudEvent, RequestContext } from '@steward/contracts';
import { ensureDatabase } from './database';
import { PostgresEventStore } from './event-store';
import { EventStoreSchema1764140000000 } from './event-store.schema';
import { readEventStores, type EventStoreSource } from './read-event-stores';

const context: RequestContext = { org_id: 'org_int', actor: { type: 'system', id: 'int-test' }, request_id: 'req_int', ip: '203.0.113.9' };
const workspaceCreated = (id: string) => ({ type: 'workspace.created', data: { workspace_id: id, name: id, slug: id, parent_id: null } });

const stores: { context: BoundedContext; url: string; dataSource?: DataSource }[] = (['identity', 'workspace'] as const).map((c) => {
  const url = new URL(process.env.DATABASE_URL as string);
  // The run's database prefix (set by the test global setup; libs/testing would be a lib cycle here).
  url.pathname = `/${process.env.STEWARD_DB_PREFIX ?? 'steward_test_'}readstores_${c}`;
  return { context: c, url: url.toString() };
});
const sources: EventStoreSource[] = stores.map((s) => ({ context: s.context, databaseUrl: s.url }));
/** What each append returned, as CloudEvents: the outbox payloads. */
const appended: CloudEvent[] = [];

beforeAll(async () => {
  for (const s of stores) {
    await ensureDatabase(s.url);
    s.dataSource = new DataSource({ type: 'postgres', url: s.url, migrations: [EventStoreSchema1764140000000] });
    await s.dataSource.initialize();
    await s.dataSource.runMigrations();
    await s.dataSource.query('TRUNCATE events, outbox, processed_events');
  }
  // Interleaved times across the two stores, appended out of time order, two events sharing a millisecond.
  const times = [5, 1, 4, 2, 3, 3, 0];
  for (const [i, ms] of times.entries()) {
    const s = stores[i % 2];
    const store = new PostgresEventStore(s.context);
    const stored = await (s.dataSource as DataSource).transaction((manager) =>
      store.append(manager, [{ streamId: `ws_${i}`, streamType: 'workspace', expectedVersion: 0, events: [workspaceCreated(`ws_${i}`)] }], context, new Date(Date.UTC(2026, 10, 22, 14, 0, 0, ms))),
    );
    appended.push(...stored.map((e) => store.toCloudEvent(e)));
  }
});

afterAll(async () => {
  for (const s of stores) await s.dataSource?.destroy();
});

const order = (events: CloudEvent[]) => [...events].sort((a, b) => (a.time === b.time ? (a.id < b.id ? -1 : 1) : a.time < b.time ? -1 : 1));

describe('readEventStores', () => {
  it('merges the stores into one (time, event id) order, in batches, as the published CloudEvents', async () => {
    const batches: CloudEvent[][] = [];
    for await (const batch of readEventStores(sources, { batchSize: 3 })) batches.push(batch);

    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(order(appended));
    expect(batches.flat()[0]).toMatchObject({ source: 'steward/identity', orgid: 'org_int', ip: '203.0.113.9', streamversion: 1 });
  });

  it('reads only the given event ids when asked (a catch-up), still in order', async () => {
    const wanted = [appended[0].id, appended[3].id, appended[6].id, 'evt_unknown'];
    const read: CloudEvent[] = [];
    for await (const batch of readEventStores(sources, { eventIds: wanted })) read.push(...batch);

    expect(read).toEqual(order([appended[0], appended[3], appended[6]]));
  });
});
