import { ClientKafka, Transport, type KafkaOptions } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
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

  connect(): Promise<unknown> {
    this.connected ??= this.client.connect();
    return this.connected;
  }

  async close(): Promise<void> {
    await this.client.close();
    this.connected = undefined;
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
    let reply: RpcReply<RpcResult<D>>;
    try {
      reply = await firstValueFrom(this.client.send<RpcReply<RpcResult<D>>>(rpcTopic(definition.context), request).pipe(timeout(timeoutMs)));
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
