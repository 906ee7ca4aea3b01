/**
 * Event store, outbox relay and idempotent consumer against real PostgreSQL and Kafka.
 */
// Topics of this file's own namespace, so the running test stack never consumes these events.
process.env.STEWARD_NAMESPACE = `${process.env.STEWARD_NAMESPACE ?? 'stewardtest'}-int`;

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { eventsTopic, newId, parseTraceparent, type CloudEvent, type RequestContext } from '@steward/contracts';
import { createKafka, ensureTopics, parseCloudEvent } from '@steward/messaging';
import { ensureDatabase } from './database';
import { ConcurrencyError, PostgresEventStore } from './event-store';
import { EventStoreSchema1764140000000 } from './event-store.schema';
import { IdempotentProjector } from './idempotent-projector';
import { OutboxRelay } from './outbox-relay';

const context: RequestContext = { org_id: 'org_int', actor: { type: 'system', id: 'int-test' }, request_id: 'req_int' };
const userCreated = (userId: string) => ({
  type: 'user.created',
  data: { user_id: userId, name: 'Int Test', email: `${userId}@example.test`, role: 'viewer', status: 'active', workspace_ids: [], invitation_id: null },
});

let dataSource: DataSource;
const store = new PostgresEventStore('identity');
const kafka = createKafka('event-store-int');

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL as string);
  // The run's database prefix (set by the test global setup; libs/testing would be a lib cycle here).
  url.pathname = `/${process.env.STEWARD_DB_PREFIX ?? 'steward_test_'}eventstore`;
  await ensureDatabase(url.toString());
  dataSource = new DataSource({ type: 'postgres', url: url.toString(), migrations: [EventStoreSchema1764140000000], migrationsRun: true });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.query('TRUNCATE events, outbox, processed_events');
  await ensureTopics(kafka, [{ topic: eventsTopic('identity'), numPartitions: 3 }]);
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** Reads the whole topic from the beginning until `enough` says stop (or the time is up). */
async function readTopic(topic: string, enough: (messages: KafkaMessage[]) => boolean, timeoutMs = 15000): Promise<KafkaMessage[]> {
  const consumer: Consumer = kafka.consumer({ groupId: `int-reader-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 2000 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  const deadline = Date.now() + timeoutMs;
  while (!enough(messages) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // A little longer, so a duplicate would have time to show up too.
  await new Promise((r) => setTimeout(r, 1000));
  await consumer.disconnect();
  return messages;
}

describe('PostgresEventStore', () => {
  it('lets exactly one of many concurrent appends to the same stream version win', async () => {
    const streamId = newId('usr');
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        dataSource.transaction((manager) =>
          store.append(manager, [{ streamId, streamType: 'user', expectedVersion: 0, events: [userCreated(streamId)] }], context, new Date()),
        ),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const failure of lost) expect(failure.reason).toBeInstanceOf(ConcurrencyError);
    const stream = await store.load(dataSource.manager, streamId);
    expect(stream.map((e) => e.version)).toEqual([1]);
  });

  it('loads a stream as it was at a point in time', async () => {
    const streamId = newId('usr');
    const t1 = new Date('2026-01-01T00:00:00.000Z');
    await dataSource.transaction((m) => store.append(m, [{ streamId, streamType: 'user', expectedVersion: 0, events: [userCreated(streamId)] }], context, t1));
    await dataSource.transaction((m) =>
      store.append(m, [{ streamId, streamType: 'user', expectedVersion: 1, events: [userCreated(streamId)] }], context, new Date('2026-02-01T00:00:00.000Z')),
    );
    expect((await store.load(dataSource.manager, streamId, { asOf: t1 })).map((e) => e.version)).toEqual([1]);
    expect((await store.load(dataSource.manager, streamId)).map((e) => e.version)).toEqual([1, 2]);
  });
});

describe('outbox relay', () => {
  it('publishes after a restart what was committed before the process died, exactly once, keyed by aggregate', async () => {
    const streamId = newId('usr');
    // The writer commits and dies before any relay publishes: only the outbox row remains.
    const [stored] = await dataSource.transaction((m) =>
      store.append(m, [{ streamId, streamType: 'user', expectedVersion: 0, events: [userCreated(streamId)] }], context, new Date()),
    );
    expect(await dataSource.query('SELECT event_id FROM outbox WHERE event_id = $1', [stored.eventId])).toHaveLength(1);

    // A new process starts its relay.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const relay = new OutboxRelay(dataSource, producer, `int-relay-${randomUUID()}`, { pollMs: 50 });
    relay.start();
    try {
      const messages = await readTopic(eventsTopic('identity'), (ms) => ms.some((m) => parseCloudEvent(m.value).event?.id === stored.eventId));
      const ours = messages.filter((m) => parseCloudEvent(m.value).event?.id === stored.eventId);
      expect(ours).toHaveLength(1);
      expect(ours[0].key?.toString()).toBe(streamId);
      const event = parseCloudEvent(ours[0].value).event as CloudEvent;
      expect(event).toMatchObject({ specversion: '1.0', type: 'user.created', subject: streamId, orgid: 'org_int', streamversion: 1, source: 'steward/identity' });
      expect(await dataSource.query('SELECT 1 FROM outbox WHERE event_id = $1', [stored.eventId])).toHaveLength(0);
    } finally {
      await relay.stop();
      await producer.disconnect();
    }
  });

  it('carries each event’s trace in its envelope, its metadata and a Kafka header; work without a trace starts its own', async () => {
    const traced = newId('usr');
    const untraced = newId('usr');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await dataSource.transaction((m) =>
      store.append(m, [{ streamId: traced, streamType: 'user', expectedVersion: 0, events: [userCreated(traced)] }], { ...context, traceparent }, new Date()),
    );
    await dataSource.transaction((m) => store.append(m, [{ streamId: untraced, streamType: 'user', expectedVersion: 0, events: [userCreated(untraced)] }], context, new Date()));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await new OutboxRelay(dataSource, producer, `int-relay-${randomUUID()}`).publishPending();
    await producer.disconnect();

    const messages = await readTopic(eventsTopic('identity'), (ms) => [traced, untraced].every((id) => ms.some((m) => m.key?.toString() === id)));
    const messageOf = (streamId: string) => messages.find((m) => m.key?.toString() === streamId) as KafkaMessage;
    const metadataOf = async (streamId: string) =>
      ((await dataSource.query(`SELECT metadata->>'traceparent' AS traceparent FROM events WHERE stream_id = $1`, [streamId])) as { traceparent: string }[])[0].traceparent;

    expect(parseCloudEvent(messageOf(traced).value).event?.traceparent).toBe(traceparent);
    expect(messageOf(traced).headers?.traceparent?.toString()).toBe(traceparent);
    expect(await metadataOf(traced)).toBe(traceparent);

    const started = parseCloudEvent(messageOf(untraced).value).event?.traceparent;
    expect(parseTraceparent(started)?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(parseTraceparent(started)?.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(messageOf(untraced).headers?.traceparent?.toString()).toBe(started);
    expect(await metadataOf(untraced)).toBe(started);
  });

  it('publishes a stream in commit order', async () => {
    const streamId = newId('usr');
    for (let version = 0; version < 5; version++) {
      await dataSource.transaction((m) =>
        store.append(m, [{ streamId, streamType: 'user', expectedVersion: version, events: [userCreated(streamId)] }], context, new Date()),
      );
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const relay = new OutboxRelay(dataSource, producer, `int-relay-${randomUUID()}`, { batchSize: 2 });
    await relay.publishPending();
    await producer.disconnect();
    const messages = await readTopic(eventsTopic('identity'), (ms) => ms.filter((m) => m.key?.toString() === streamId).length >= 5);
    const versions = messages.filter((m) => m.key?.toString() === streamId).map((m) => parseCloudEvent(m.value).event?.streamversion);
    expect(versions).toEqual([1, 2, 3, 4, 5]);
  });

  it('publishes large events of one aggregate that together exceed the broker message limit (1 MiB), in order', async () => {
    const streamId = newId('usr');
    const large = { ...userCreated(streamId), data: { ...userCreated(streamId).data, name: 'x'.repeat(450 * 1024) } };
    for (let version = 0; version < 3; version++) {
      await dataSource.transaction((m) => store.append(m, [{ streamId, streamType: 'user', expectedVersion: version, events: [large] }], context, new Date()));
    }
    // Sent in one batch, the three would make one 1.3 MiB record batch, which the broker refuses.
    const plain = kafka.producer();
    await plain.connect();
    await expect(new OutboxRelay(dataSource, plain, `int-relay-${randomUUID()}`, { maxSendBytes: Number.MAX_SAFE_INTEGER }).publishPending()).rejects.toThrow();
    await plain.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await new OutboxRelay(dataSource, producer, `int-relay-${randomUUID()}`).publishPending();
    await producer.disconnect();
    const messages = await readTopic(eventsTopic('identity'), (ms) => ms.filter((m) => m.key?.toString() === streamId).length >= 3);
    const versions = messages.filter((m) => m.key?.toString() === streamId).map((m) => parseCloudEvent(m.value).event?.streamversion);
    expect(versions).toEqual([1, 2, 3]);
  });
});

describe('IdempotentProjector', () => {
  beforeAll(async () => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS int_counter (id text PRIMARY KEY, applied integer NOT NULL)');
  });

  it('applies an event delivered twice (a relay retry, a consumer restart) only once', async () => {
    const streamId = newId('usr');
    const [stored] = await dataSource.transaction((m) =>
      store.append(m, [{ streamId, streamType: 'user', expectedVersion: 0, events: [userCreated(streamId)] }], context, new Date()),
    );
    const event = store.toCloudEvent(stored);
    const projector = new IdempotentProjector(dataSource, `int-counter-${randomUUID()}`);
    const apply = async (manager: import('typeorm').EntityManager, e: CloudEvent) => {
      await manager.query(
        `INSERT INTO int_counter (id, applied) VALUES ($1, 1) ON CONFLICT (id) DO UPDATE SET applied = int_counter.applied + 1`,
        [e.subject],
      );
    };
    const first = await projector.handleBatch([event, event], apply);
    const second = await projector.handleBatch([event], apply);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    expect(await dataSource.query('SELECT applied FROM int_counter WHERE id = $1', [streamId])).toEqual([{ applied: 1 }]);
  });

  it('undoes the ledger entry when applying fails, so the redelivery is applied', async () => {
    const streamId = newId('usr');
    const [stored] = await dataSource.transaction((m) =>
      store.append(m, [{ streamId, streamType: 'user', expectedVersion: 0, events: [userCreated(streamId)] }], context, new Date()),
    );
    const event = store.toCloudEvent(stored);
    const projector = new IdempotentProjector(dataSource, `int-counter-${randomUUID()}`);
    await expect(projector.handleBatch([event], async () => Promise.reject(new Error('database hiccup')))).rejects.toThrow('database hiccup');
    const applied = await projector.handleBatch([event], async (m, e) => {
      await m.query(`INSERT INTO int_counter (id, applied) VALUES ($1, 1)`, [e.subject]);
    });
    expect(applied).toHaveLength(1);
  });
});
