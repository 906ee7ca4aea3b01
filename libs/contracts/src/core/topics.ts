/**
 * Topic names. `STEWARD_NAMESPACE` (default `steward`) prefixes every topic and consumer
 * group, so a test run can share a broker with a running stack without crossing streams.
 */
export const CONTEXTS = ['identity', 'workspace', 'key-vault', 'notification', 'audit'] as const;
export type BoundedContext = (typeof CONTEXTS)[number];

/** Contexts whose command side appends events (they own an event store and an outbox). */
export const EVENT_SOURCED_CONTEXTS = ['identity', 'workspace', 'key-vault'] as const satisfies readonly BoundedContext[];

export function namespace(): string {
  return process.env.STEWARD_NAMESPACE || 'steward';
}

export function eventsTopic(context: BoundedContext, prefix: string = namespace()): string {
  return `${prefix}.${context}.events`;
}

export function rpcTopic(context: BoundedContext): string {
  return `${namespace()}.${context}.rpc`;
}

/** Reply topic the @nestjs/microservices Kafka transport uses for a request topic. */
export function rpcReplyTopic(context: BoundedContext): string {
  return `${rpcTopic(context)}.reply`;
}

export function consumerGroup(name: string): string {
  return `${namespace()}.${name}`;
}
