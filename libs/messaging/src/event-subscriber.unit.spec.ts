import type { Kafka } from 'kafkajs';
import { consumerGroup } from '@steward/contracts';
import { EventSubscriber, subscriberGroupId, type SubscriberStatus } from './event-subscriber';

/** A kafkajs stand-in recording how the subscriber sets its consumer up (no broker involved). */
function fakeKafka() {
  const listeners = new Map<string, Array<(event: { payload: Record<string, unknown> }) => void>>();
  const calls: { consumer?: Record<string, unknown>; subscribe?: Record<string, unknown>; run?: Record<string, unknown> } = {};
  const consumer = {
    events: { GROUP_JOIN: 'join', FETCH: 'fetch', HEARTBEAT: 'heartbeat', REBALANCING: 'rebalancing', CRASH: 'crash', STOP: 'stop', DISCONNECT: 'disconnect' },
    on: (name: string, listener: (event: { payload: Record<string, unknown> }) => void) => listeners.set(name, [...(listeners.get(name) ?? []), listener]),
    connect: async () => undefined,
    subscribe: async (options: Record<string, unknown>) => void (calls.subscribe = options),
    run: async (options: Record<string, unknown>) => void (calls.run = options),
    disconnect: async () => undefined,
  };
  const kafka = {
    consumer: (options: Record<string, unknown>) => {
      calls.consumer = options;
      return consumer;
    },
  } as unknown as Kafka;
  const emit = (name: string, payload: Record<string, unknown> = {}) => listeners.get(name)?.forEach((listener) => listener({ payload }));
  return { kafka, calls, emit };
}

describe('EventSubscriber groups', () => {
  it('puts every replica of a shared subscriber in one group', () => {
    expect(subscriberGroupId({ name: 'audit' })).toBe(consumerGroup('audit'));
    expect(subscriberGroupId({ name: 'audit', group: 'shared' })).toBe(consumerGroup('audit'));
  });

  it('gives a per-process subscriber a namespaced group of its own, different in every process', () => {
    const a = subscriberGroupId({ name: 'gateway-key-cache', group: 'per-process' });
    const b = subscriberGroupId({ name: 'gateway-key-cache', group: 'per-process' });
    expect(a.startsWith(`${consumerGroup('gateway-key-cache')}.`)).toBe(true);
    expect(a).toContain(`.${process.pid}.`);
    expect(a).not.toBe(b);
  });

  it('starts a per-process group at the latest offset and commits nothing; a shared one from the beginning, committing', async () => {
    const perProcess = fakeKafka();
    await new EventSubscriber(perProcess.kafka, { name: 'cache', topics: ['t'], group: 'per-process', handle: async () => undefined }).start();
    expect(perProcess.calls.subscribe).toMatchObject({ fromBeginning: false });
    expect(perProcess.calls.run).toMatchObject({ autoCommit: false });

    const shared = fakeKafka();
    await new EventSubscriber(shared.kafka, { name: 'projection', topics: ['t'], handle: async () => undefined }).start();
    expect(shared.calls.consumer).toMatchObject({ groupId: consumerGroup('projection') });
    expect(shared.calls.subscribe).toMatchObject({ fromBeginning: true });
    expect(shared.calls.run).toMatchObject({ autoCommit: true });
  });

  it('reports the consumer’s state in its own terms', async () => {
    const { kafka, emit } = fakeKafka();
    const seen: SubscriberStatus[] = [];
    await new EventSubscriber(kafka, { name: 'cache', topics: ['t'], group: 'per-process', handle: async () => undefined, onStatus: (s) => seen.push(s) }).start();
    emit('join');
    emit('fetch');
    emit('heartbeat');
    emit('rebalancing');
    emit('crash', { restart: true, error: new Error('x') });
    emit('stop');
    emit('disconnect');
    expect(seen).toEqual([
      { type: 'joined' },
      { type: 'fetched' },
      { type: 'heartbeat' },
      { type: 'rebalancing' },
      { type: 'crashed', restart: true },
      { type: 'stopped' },
      { type: 'disconnected' },
    ]);
  });
});

describe('EventSubscriber after a crash kafkajs does not restart', () => {
  /** A fake whose every `consumer()` call makes a new consumer, so restarts can be counted. */
  function countingKafka() {
    const made: Array<{ emit: (name: string, payload: Record<string, unknown>) => void; runs: number; disconnected: boolean }> = [];
    const kafka = {
      consumer: () => {
        const listeners = new Map<string, Array<(event: { payload: Record<string, unknown> }) => void>>();
        const record = { runs: 0, disconnected: false, emit: (name: string, payload: Record<string, unknown>) => listeners.get(name)?.forEach((l) => l({ payload })) };
        made.push(record);
        return {
          events: { GROUP_JOIN: 'join', FETCH: 'fetch', HEARTBEAT: 'heartbeat', REBALANCING: 'rebalancing', CRASH: 'crash', STOP: 'stop', DISCONNECT: 'disconnect' },
          on: (name: string, listener: (event: { payload: Record<string, unknown> }) => void) => listeners.set(name, [...(listeners.get(name) ?? []), listener]),
          connect: async () => undefined,
          subscribe: async () => undefined,
          run: async () => void record.runs++,
          disconnect: async () => void (record.disconnected = true),
        };
      },
    } as unknown as Kafka;
    return { kafka, made };
  }
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a new consumer in its place, so the projection does not stand still', async () => {
    const { kafka, made } = countingKafka();
    const subscriber = new EventSubscriber(kafka, { name: 'cache', topics: ['t'], group: 'per-process', handle: async () => undefined });
    await subscriber.start();
    made[0].emit('crash', { restart: false, error: new Error('Failed to find group coordinator') });
    await jest.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(made).toHaveLength(2);
    expect(made[0].disconnected).toBe(true);
    expect(made[1].runs).toBe(1);
    await subscriber.stop();
  });

  it('leaves a crash kafkajs restarts itself to kafkajs, and restarts nothing once stopped', async () => {
    const { kafka, made } = countingKafka();
    const subscriber = new EventSubscriber(kafka, { name: 'cache', topics: ['t'], group: 'per-process', handle: async () => undefined });
    await subscriber.start();
    made[0].emit('crash', { restart: true });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(made).toHaveLength(1);
    made[0].emit('crash', { restart: false });
    await subscriber.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(made).toHaveLength(1);
  });
});
