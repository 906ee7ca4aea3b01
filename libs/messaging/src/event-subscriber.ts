import type { Consumer, Kafka } from 'kafkajs';
import { CloudEventSchema, consumerGroup, eventDefinition, schemaErrors, type CloudEvent } from '@steward/contracts';
import { CONSUMER_TIMEOUTS } from './kafka';

export interface EventSubscriberOptions {
  /** Logical consumer name; also the consumer group (namespaced). */
  name: string;
  topics: string[];
  /** Handles a batch of valid events in partition order; throws to have the batch redelivered. */
  handle: (events: CloudEvent[]) => Promise<void>;
  fromBeginning?: boolean;
  /** Called for a message that is not a valid Steward event (it is skipped, never retried). */
  onInvalid?: (info: { topic: string; partition: number; offset: string; reason: string }) => void;
  partitionsConsumedConcurrently?: number;
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
 * applied event ids in the same transaction as their change (IdempotentProjector).
 */
export class EventSubscriber {
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventSubscriberOptions,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: consumerGroup(this.options.name),
      ...CONSUMER_TIMEOUTS,
      maxWaitTimeInMs: 500,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      autoCommit: true,
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

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
