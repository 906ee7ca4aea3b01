import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { CloudEventSchema, consumerGroup, eventDefinition, schemaErrors, type CloudEvent } from '@steward/contracts';
import { CONSUMER_TIMEOUTS } from './kafka';
import { watchConsumer } from './kafka-clients';
import { trackConsumerLag } from './kafka-probe';

/**
 * What the subscriber's consumer is doing, for callers that must know whether they are still
 * seeing every event (an in-memory cache fed by events fails closed when they are not):
 * `joined` the group (partitions assigned; after a rejoin, events may have been skipped),
 * `fetched` from the broker (offsets resolved: events from here on are delivered), `heartbeat`
 * sent, `rebalancing`, `crashed` (`restart`: kafkajs will start it again), `stopped`,
 * `disconnected`.
 */
export type SubscriberStatus =
  | { type: 'joined' }
  | { type: 'fetched' }
  | { type: 'heartbeat' }
  | { type: 'rebalancing' }
  | { type: 'crashed'; restart: boolean }
  | { type: 'stopped' }
  | { type: 'disconnected' };

export interface EventSubscriberOptions {
  /** Logical consumer name; also the consumer group (namespaced). */
  name: string;
  topics: string[];
  /** Handles a batch of valid events in partition order; throws to have the batch redelivered. */
  handle: (events: CloudEvent[]) => Promise<void>;
  /** Default: true for a shared group, false (the latest offset) for a per-process group. */
  fromBeginning?: boolean;
  /**
   * `shared` (default): every replica of the app joins one group, so they share the partitions
   * and commit offsets (projections, reactions). `per-process`: a group of this process alone
   * (the name plus host, pid and a random suffix), so it sees every event whatever other
   * replicas do; it commits no offsets and, unless told otherwise, starts at the latest offset
   * (in-memory caches fed by events). Such a group is empty, and dropped by the broker, once the
   * process leaves.
   */
  group?: 'shared' | 'per-process';
  /** Observes the consumer's state (see SubscriberStatus); must not throw. */
  onStatus?: (status: SubscriberStatus) => void;
  /** Called for a message that is not a valid Steward event (it is skipped, never retried). */
  onInvalid?: (info: { topic: string; partition: number; offset: string; reason: string }) => void;
  partitionsConsumedConcurrently?: number;
}

/** The consumer group of a subscriber: shared by the app's replicas, or this process's own. */
export function subscriberGroupId(options: Pick<EventSubscriberOptions, 'name' | 'group'>): string {
  if (options.group !== 'per-process') return consumerGroup(options.name);
  return consumerGroup(`${options.name}.${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`);
}

/** Parses and validates one Kafka message value: the envelope, then the payload by its type. */
export function parseCloudEvent(value: Buffer | null): { event?: CloudEvent; reason?: string } {
  if (!value) return { reason: 'empty message' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return { reason: 'not JSON' };
  }
  return validateCloudEvent(parsed);
}

/**
 * Validates a parsed event (the envelope, then the payload by its type) as every consumer does —
 * also for events read from an event store by a rebuild, so that it skips exactly what the live
 * consumer skipped.
 */
export function validateCloudEvent(parsed: unknown): { event?: CloudEvent; reason?: string } {
  const envelopeErrors = schemaErrors(CloudEventSchema, parsed);
  if (envelopeErrors.length) return { reason: `envelope: ${envelopeErrors.map((e) => `${e.field} ${e.issue}`).join('; ')}` };
  const event = parsed as CloudEvent;
  const definition = eventDefinition(event.type);
  if (!definition) return { reason: `unknown event type ${event.type}` };
  const dataErrors = schemaErrors(definition.schema, event.data);
  if (dataErrors.length) return { reason: `data: ${dataErrors.map((e) => `${e.field} ${e.issue}`).join('; ')}` };
  return { event };
}

/**
 * Consumes Steward event topics in batches for a projection. Offsets are committed only after
 * `handle` resolved, so a crash redelivers; projections make redelivery harmless by recording
 * applied event ids in the same transaction as their change (IdempotentProjector). With
 * `group: 'per-process'` it feeds a process-local view instead (no offsets committed).
 */
export class EventSubscriber {
  private readonly logger = new Logger('EventSubscriber');
  private consumer?: Consumer;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  /** Undo the readiness and lag reporting of a shared group (a per-process one reports neither). */
  private unreport: (() => void)[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventSubscriberOptions,
  ) {}

  async start(): Promise<void> {
    this.stopping = false;
    const perProcess = this.options.group === 'per-process';
    const groupId = subscriberGroupId(this.options);
    const fromBeginning = this.options.fromBeginning ?? !perProcess;
    const consumer = this.kafka.consumer({
      groupId,
      ...CONSUMER_TIMEOUTS,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.observe(consumer);
    // kafkajs restarts a crashed consumer only after a retriable error; a broker restart can end
    // in a non-retriable one ("Failed to find group coordinator"), after which the projection
    // would stand still for good (seen on the RPC consumer by the chaos suite). Start a new one.
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart || this.stopping || this.consumer !== consumer) return;
      this.logger.warn({ consumer: this.options.name, err: event.payload.error }, 'event consumer crashed and kafkajs will not restart it; restarting it');
      this.restartLater(1);
    });
    if (!perProcess) {
      this.unreport = [
        watchConsumer(`consumer ${this.options.name}`, consumer),
        trackConsumerLag(groupId, { consumer: this.options.name, topics: this.options.topics, fromBeginning }),
      ];
    }
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning });
    await consumer.run({
      autoCommit: !perProcess,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (!isRunning() || isStale()) return;
        const events: CloudEvent[] = [];
        for (const message of batch.messages) {
          const { event, reason } = parseCloudEvent(message.value);
          if (event) events.push(event);
          else this.options.onInvalid?.({ topic: batch.topic, partition: batch.partition, offset: message.offset, reason: reason ?? 'invalid' });
        }
        if (events.length) {
          try {
            await this.options.handle(events);
          } catch (error) {
            // kafkajs logs what we throw in full; a database error may carry the row's values
            // (names, emails). Rethrow only its kind, so the batch is retried without leaking.
            const e = error as { name?: string; code?: string };
            throw new Error(`handling a batch of ${batch.topic}/${batch.partition} failed: ${e.name ?? 'Error'}${e.code ? ` (${e.code})` : ''}`);
          }
        }
        const last = batch.messages[batch.messages.length - 1];
        if (last) resolveOffset(last.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }

  /** Forwards the consumer's instrumentation events to `onStatus`, in kafkajs-free terms. */
  private observe(consumer: Consumer): void {
    const onStatus = this.options.onStatus;
    if (!onStatus) return;
    const { GROUP_JOIN, FETCH, HEARTBEAT, REBALANCING, CRASH, STOP, DISCONNECT } = consumer.events;
    consumer.on(GROUP_JOIN, () => onStatus({ type: 'joined' }));
    consumer.on(FETCH, () => onStatus({ type: 'fetched' }));
    consumer.on(HEARTBEAT, () => onStatus({ type: 'heartbeat' }));
    consumer.on(REBALANCING, () => onStatus({ type: 'rebalancing' }));
    consumer.on(CRASH, (event) => onStatus({ type: 'crashed', restart: Boolean(event.payload.restart) }));
    consumer.on(STOP, () => onStatus({ type: 'stopped' }));
    consumer.on(DISCONNECT, () => onStatus({ type: 'disconnected' }));
  }

  /** A new consumer in place of a crashed one, after 1 s, 2 s … up to 10 s between tries. */
  private restartLater(attempt: number): void {
    if (this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      const crashed = this.consumer;
      this.consumer = undefined;
      this.unreport.forEach((undo) => undo());
      this.unreport = [];
      void (crashed?.disconnect() ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => (this.stopping ? undefined : this.start()))
        .catch((error: unknown) => {
          this.logger.warn({ consumer: this.options.name, err: error, attempt }, 'could not restart the event consumer; trying again');
          this.restartLater(attempt + 1);
        });
    }, Math.min(1_000 * attempt, 10_000));
  }

  /** Lets the batch in flight finish (its offsets committed), then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.consumer?.disconnect();
    this.consumer = undefined;
    this.unreport.forEach((undo) => undo());
    this.unreport = [];
  }
}
