/**
 * `verifyReadModels` against real PostgreSQL, with a small projection of its own: equal tables
 * (also with a `json` column written in non-jsonb key order, and with a check that today's state
 * would fail), every kind of difference named by its key, ignored columns, a refused event, a
 * projection writing a table it was not said to own — and the live database unchanged each time.
 */
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestContext } from '@steward/contracts';
import type { InlineProjection, InlineProjectionOptions } from './aggregate-repository';
import { ensureDatabase } from './database';
import { PostgresEventStore, type StoredEvent } from './event-store';
import { EventStoreSchema1764140000000 } from './event-store.schema';
import { verifyReadModels, type OwnedTable } from './verify-read-models';

const context: RequestContext = { org_id: 'org_int', actor: { type: 'system', id: 'int-test' }, request_id: 'req_int' };
const store = new PostgresEventStore('workspace');
let dataSource: DataSource;

/** Counters: `counter.added {counter_id, n, label}`; adding needs the counter's `gates` row (a replica it does not own). */
class CounterProjection implements InlineProjection {
  failOn?: string;
  alsoWrite?: string;

  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    for (const stored of events) {
      const d = stored.event.data as { counter_id: string; n: number; label: Record<string, unknown> };
      if (stored.event.type !== 'counter.added') continue;
      if (this.failOn === d.counter_id) throw new Error('refused');
      if (!options.replay) {
        const gates: unknown[] = await manager.query(`SELECT 1 FROM gates WHERE id = $1 AND open`, [d.counter_id]);
        if (gates.length === 0) throw new Error('gate closed');
      }
      await manager.query(
        `INSERT INTO counters (id, total, label, updated_at, version) VALUES ($1, $2, $3::json, $4, $5)
         ON CONFLICT (id) DO UPDATE SET total = counters.total + EXCLUDED.total, label = EXCLUDED.label, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version`,
        [d.counter_id, d.n, JSON.stringify(d.label), stored.occurredAt, stored.version],
      );
      if (this.alsoWrite) await manager.query(`INSERT INTO ${this.alsoWrite} (id) VALUES ($1) ON CONFLICT DO NOTHING`, [stored.eventId]);
    }
  }
}

const projection = new CounterProjection();
const TABLES: OwnedTable[] = [{ name: 'counters' }];

async function add(counterId: string, n: number, label: Record<string, unknown>): Promise<void> {
  await dataSource.transaction(async (m) => {
    const [{ version }] = (await m.query(`SELECT count(*)::int AS version FROM events WHERE stream_id = $1`, [counterId])) as { version: number }[];
    const events = await store.append(m, [{ streamId: counterId, streamType: 'counter', expectedVersion: version, events: [{ type: 'counter.added', data: { counter_id: counterId, n, label } }] }], context, new Date());
    await projection.apply(m, events);
  });
}

/** Everything a verify could have touched: the tables' rows and the schemas. */
async function liveState(): Promise<unknown> {
  return dataSource.query(
    `SELECT (SELECT json_agg(c ORDER BY id)::text FROM counters c) AS counters, (SELECT count(*)::int FROM notes) AS notes,
            (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM pg_namespace WHERE nspname LIKE 'read_model_verify_%') AS scratch`,
  );
}

const verify = (tables = TABLES) => verifyReadModels(dataSource, { context: 'workspace', projections: [projection], tables }, { batchSize: 2 });

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL as string);
  // The run's database prefix (set by the test global setup; libs/testing would be a lib cycle here).
  url.pathname = `/${process.env.STEWARD_DB_PREFIX ?? 'steward_test_'}verifyreadmodels`;
  await ensureDatabase(url.toString());
  dataSource = new DataSource({ type: 'postgres', url: url.toString(), migrations: [EventStoreSchema1764140000000] });
  await dataSource.initialize();
  await dataSource.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await dataSource.runMigrations();
  await dataSource.query(`CREATE TABLE counters (id text PRIMARY KEY, total integer NOT NULL, label json NOT NULL, updated_at timestamptz NOT NULL, version integer NOT NULL)`);
  await dataSource.query(`CREATE TABLE gates (id text PRIMARY KEY, open boolean NOT NULL)`);
  await dataSource.query(`CREATE TABLE notes (id text PRIMARY KEY)`);
  await dataSource.query(`INSERT INTO gates (id, open) VALUES ('c1', true), ('c2', true), ('c3', true)`);
  // More events than a batch, across streams; labels in an order jsonb does not keep.
  for (const [id, n] of [['c1', 1], ['c2', 5], ['c1', 2], ['c3', 7], ['c1', 3]] as const) await add(id, n, { zeta: n, a: { y: 1, b: [n] } });
  // Today the gate of c3 is closed: the check passed when its events were appended.
  await dataSource.query(`UPDATE gates SET open = false WHERE id = 'c3'`);
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe('verifyReadModels', () => {
  it('finds tables kept by the projection equal to a replay of the store, and changes nothing', async () => {
    const before = await liveState();
    const result = await verify();
    expect(result).toMatchObject({ context: 'workspace', events: 5, equal: true });
    expect(result.tables).toEqual([
      { table: 'counters', live_rows: 3, rebuilt_rows: 3, live_only: 0, rebuild_only: 0, differing: 0, ignored_columns: [], sample: [] },
    ]);
    expect(await liveState()).toEqual(before);
  });

  it('names rows edited, added and deleted outside the projection by their keys, and the differing columns', async () => {
    await dataSource.query(`UPDATE counters SET total = 99, label = '{"zeta": 1}' WHERE id = 'c1'`);
    await dataSource.query(`INSERT INTO counters (id, total, label, updated_at, version) VALUES ('c9', 1, '{}', now(), 1)`);
    const [deleted] = (await dataSource.query(`SELECT * FROM counters WHERE id = 'c2'`)) as { updated_at: Date }[];
    await dataSource.query(`DELETE FROM counters WHERE id = 'c2'`);
    try {
      const before = await liveState();
      const result = await verify();
      expect(result.equal).toBe(false);
      expect(result.tables[0]).toMatchObject({ live_rows: 3, rebuilt_rows: 3, live_only: 1, rebuild_only: 1, differing: 1 });
      expect(result.tables[0].sample).toEqual([
        { key: { id: 'c1' }, side: 'differing', columns: ['total', 'label'] },
        { key: { id: 'c9' }, side: 'live_only' },
        { key: { id: 'c2' }, side: 'rebuild_only' },
      ]);
      expect(await liveState()).toEqual(before);
    } finally {
      await dataSource.query(`UPDATE counters SET total = 6, label = '{"zeta":3,"a":{"y":1,"b":[3]}}' WHERE id = 'c1'`);
      await dataSource.query(`DELETE FROM counters WHERE id = 'c9'`);
      await dataSource.query(`INSERT INTO counters (id, total, label, updated_at, version) VALUES ('c2', 5, '{"zeta":5,"a":{"y":1,"b":[5]}}', $1, 1)`, [deleted.updated_at]);
    }
    expect((await verify()).equal).toBe(true);
  });

  it('leaves an ignored column out of the comparison', async () => {
    const [{ updated_at }] = (await dataSource.query(`SELECT updated_at FROM counters WHERE id = 'c3'`)) as { updated_at: Date }[];
    await dataSource.query(`UPDATE counters SET updated_at = now() + interval '1 day' WHERE id = 'c3'`);
    try {
      expect((await verify()).tables[0]).toMatchObject({ differing: 1, sample: [{ key: { id: 'c3' }, side: 'differing', columns: ['updated_at'] }] });
      const ignoring = await verify([{ name: 'counters', ignoreColumns: ['updated_at'] }]);
      expect(ignoring).toMatchObject({ equal: true, tables: [{ differing: 0, ignored_columns: ['updated_at'] }] });
    } finally {
      await dataSource.query(`UPDATE counters SET updated_at = $1 WHERE id = 'c3'`, [updated_at]);
    }
  });

  it('names the event a projection refuses, and compares nothing then', async () => {
    const [{ event_id }] = (await dataSource.query(`SELECT event_id FROM events WHERE stream_id = 'c3'`)) as { event_id: string }[];
    projection.failOn = 'c3';
    try {
      const result = await verify();
      expect(result).toMatchObject({ equal: false, tables: [], replay_error: { event_id, type: 'counter.added', message: 'refused' } });
    } finally {
      projection.failOn = undefined;
    }
  });

  it('fails when the projection writes a table it was not said to own, and that write is rolled back', async () => {
    const before = await liveState();
    projection.alsoWrite = 'notes';
    try {
      await expect(verify()).rejects.toThrow('the replay wrote to live table(s) notes: list them among the tables the projections own');
    } finally {
      projection.alsoWrite = undefined;
    }
    expect(await liveState()).toEqual(before);
    // Listed, its writes land in the scratch copy: five notes the (empty) live table lacks.
    projection.alsoWrite = 'notes';
    try {
      const result = await verify([...TABLES, { name: 'notes' }]);
      expect(result.tables.map((t) => [t.table, t.rebuild_only])).toEqual([
        ['counters', 0],
        ['notes', 5],
      ]);
    } finally {
      projection.alsoWrite = undefined;
    }
    expect(await liveState()).toEqual(before);
  });
});
