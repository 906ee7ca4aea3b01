export * from './event-store.schema';
export * from './event-store';
export * from './decider';
export * from './decider-aggregate';
export * from './aggregate-repository';
export * from './outbox-relay';
export * from './idempotent-projector';
export * from './event-store.module';
