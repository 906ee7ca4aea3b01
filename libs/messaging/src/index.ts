export * from './kafka';
export * from './topics';
export * from './event-subscriber';
export * from './rpc';
export * from './kafka-clients';
export * from './kafka-probe';
