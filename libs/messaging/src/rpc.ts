import { Logger } from '@nestjs/common';
import { ClientKafka, ServerKafka, Transport, type KafkaOptions } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import type { RecordMetadata } from 'kafkajs';
import {
  CONTEXTS,
  DomainError,
  consumerGroup,
  isErrorCode,
  rpcTopic,
  type BoundedContext,
  type RequestContext,
  type RpcDefinition,
  type RpcPayload,
  type RpcReply,
  type RpcRequest,
  type RpcResult,
} from '@steward/contracts';
import { CONSUMER_TIMEOUTS, kafkaClientConfig } from './kafka';
import { watchConsumer, watchProducer } from './kafka-clients';
import { trackConsumerLag } from './kafka-probe';

/**
 * Options for a service's RPC server (@nestjs/microservices Kafka transport). All replicas of a
 * service share one consumer group, so they share the request topic's partitions.
 */
export function rpcServerOptions(context: BoundedContext): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaClientConfig(`${context}`),
      consumer: { groupId: consumerGroup(`${context}.rpc`), ...CONSUMER_TIMEOUTS, maxWaitTimeInMs: 500, allowAutoTopicCreation: false },
      run: { partitionsConsumedConcurrently: 6 },
      subscribe: { fromBeginning: false },
      postfixId: '',
    },
  };
}

/** How long a graceful stop waits for the replies of requests already taken (then it stops anyway). */
const REPLY_DRAIN_MS = 10_000;

/**
 * A service's RPC server: Nest's Kafka transport with a graceful stop and reporting. `close()`
 * stops taking requests, lets those already taken finish and waits until their replies are sent
 * (Nest sends a reply after the handler resolved, outside the consumer's message handler), then
 * disconnects — so a request a service took while stopping is answered, not lost after its commit.
 * Its consumer and producer report to the readiness check, its group's lag to the metrics.
 */
export class RpcServer extends ServerKafka {
  private readonly serverLogger = new Logger('RpcServer');
  private inFlight = 0;
  private drained?: () => void;
  private unreport: (() => void)[] = [];
  private closing = false;

  constructor(readonly boundedContext: BoundedContext) {
    super(rpcServerOptions(boundedContext).options as Required<KafkaOptions>['options']);
    this.setOnProcessingStartHook(async (_transportId, _context, done) => {
      this.inFlight++;
      try {
        return await done();
      } catch (error) {
        // No reply will be sent for this one (the end hook will not run).
        this.finished();
        throw error;
      }
    });
    this.setOnProcessingEndHook(() => this.finished());
  }

  private finished(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) this.drained?.();
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (!this.consumer) return;
    const consumer = this.consumer;
    // kafkajs restarts a crashed consumer only after a retriable error; a broker restart can end
    // in a non-retriable one ("Failed to find group coordinator"), after which the service would
    // live on without ever taking a request again (found by the chaos suite). Start it again.
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart || this.closing) return;
      this.serverLogger.warn({ err: event.payload.error }, 'RPC consumer crashed and kafkajs will not restart it; restarting it');
      this.restartConsumer(consumer, 1);
    });
    const name = `${this.boundedContext}.rpc`;
    this.unreport.push(
      watchConsumer(`consumer ${name}`, this.consumer),
      trackConsumerLag(consumerGroup(name), { consumer: name, topics: [rpcTopic(this.boundedContext)], fromBeginning: false }),
    );
  }

  private restartConsumer(consumer: NonNullable<ServerKafka['consumer']>, attempt: number): void {
    setTimeout(() => {
      if (this.closing) return;
      consumer
        .connect()
        .then(() => this.bindEvents(consumer))
        .catch((error: unknown) => {
          this.serverLogger.warn({ err: error, attempt }, 'could not restart the RPC consumer; trying again');
          this.restartConsumer(consumer, attempt + 1);
        });
    }, Math.min(1_000 * attempt, 10_000));
  }

  protected override registerProducerEventListeners(): void {
    super.registerProducerEventListeners();
    if (this.producer) this.unreport.push(watchProducer(`producer ${this.boundedContext}.rpc-replies`, this.producer));
  }

  /**
   * At most once: a request's offset is committed before the request runs. Kafka would otherwise
   * hand a request that ran — but whose offset was not committed yet — to the service again after
   * a crash, and it would run twice: a second API key, or a 409 for a create that took effect (found
   * by the chaos suite). Now a crash mid-request leaves the caller without a reply, which it answers
   * 503 `unavailable` (outcome unknown), as with any other crash. A failed commit runs nothing:
   * kafkajs offers the message again.
   */
  override async handleMessage(payload: Parameters<ServerKafka['handleMessage']>[0]): Promise<unknown> {
    const next = (BigInt(payload.message.offset) + 1n).toString();
    await this.consumer?.commitOffsets([{ topic: payload.topic, partition: payload.partition, offset: next }]);
    return super.handleMessage(payload);
  }

  /**
   * Nest sends a reply from a detached callback (`process.nextTick`), so a failed send (the broker
   * restarting) was an unhandled rejection that ended the whole service (found by the chaos suite,
   * docs/reliability.md). Logged instead: the caller times out and answers 503 `unavailable`.
   */
  override async sendMessage(...args: Parameters<ServerKafka['sendMessage']>): Promise<RecordMetadata[]> {
    try {
      return await super.sendMessage(...args);
    } catch (error) {
      this.serverLogger.warn({ err: error, reply_topic: args[1] }, 'could not send an RPC reply; the caller will time out');
      return [];
    }
  }

  override async close(): Promise<void> {
    this.closing = true;
    // Stop fetching; kafkajs lets the messages in hand finish and commits before leaving.
    await this.consumer?.disconnect();
    if (this.inFlight > 0) {
      const drained = new Promise<void>((resolve) => (this.drained = resolve));
      const gaveUp = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), REPLY_DRAIN_MS).unref());
      if ((await Promise.race([drained, gaveUp])) === 'timeout') {
        this.serverLogger.warn({ in_flight: this.inFlight }, 'stopped with RPC replies still unsent');
      }
    }
    await super.close();
    this.unreport.forEach((undo) => undo());
    this.unreport = [];
  }
}

export const RPC_TIMEOUT_MS = Number(process.env.RPC_TIMEOUT_MS || 10000);

/**
 * The caller side of request/reply. Each instance (one per gateway process or tool run) has its
 * own reply consumer group, so every instance gets the replies it waits for even while other
 * instances join or leave.
 */
export class RpcClient {
  private readonly client: ClientKafka;
  private connected?: Promise<unknown>;

  constructor(instanceName: string, contexts: readonly BoundedContext[] = CONTEXTS) {
    const unique = `${instanceName}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.client = new ClientKafka({
      client: kafkaClientConfig(unique),
      consumer: { groupId: consumerGroup(`rpc-reply.${unique}`), ...CONSUMER_TIMEOUTS, maxWaitTimeInMs: 500, allowAutoTopicCreation: false },
      producer: { allowAutoTopicCreation: false },
      subscribe: { fromBeginning: false },
      postfixId: '',
    });
    for (const context of contexts) this.client.subscribeToResponseOf(rpcTopic(context));
  }

  private unreport: (() => void)[] = [];

  connect(): Promise<unknown> {
    this.connected ??= this.client.connect().then((producer) => {
      // Connected means its reply consumer has joined its group: both start up.
      this.unreport = [watchConsumer('consumer rpc-replies', this.client.consumer, 'up'), watchProducer('producer rpc-requests', this.client.producer, 'up')];
      return producer;
    });
    return this.connected;
  }

  async close(): Promise<void> {
    await this.client.close();
    this.connected = undefined;
    this.unreport.forEach((undo) => undo());
    this.unreport = [];
  }

  /** Sends a command or query and returns its result; a domain error is thrown as DomainError. */
  async call<D extends RpcDefinition>(
    definition: D,
    payload: RpcPayload<D>,
    context: RequestContext,
    timeoutMs = RPC_TIMEOUT_MS,
  ): Promise<RpcResult<D>> {
    await this.connect();
    const request: RpcRequest = { name: definition.name, payload, context, deadline: Date.now() + timeoutMs };
    // The trace rides as a Kafka header too (the service reads it from the context).
    const message = context.traceparent ? { value: request, headers: { traceparent: context.traceparent } } : request;
    let reply: RpcReply<RpcResult<D>>;
    try {
      reply = await firstValueFrom(this.client.send<RpcReply<RpcResult<D>>>(rpcTopic(definition.context), message).pipe(timeout(timeoutMs)));
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new DomainError('unavailable', `the ${definition.context} service did not answer in time`);
      }
      throw new DomainError('unavailable', `the ${definition.context} service is unavailable`);
    }
    if (reply.ok) return reply.result;
    const code = isErrorCode(reply.error.code) ? reply.error.code : 'internal';
    throw new DomainError(code, reply.error.message, reply.error.details);
  }
}
