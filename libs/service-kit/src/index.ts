export * from './config';
export * from './database';
export * from './logging';
export * from './rpc-dispatcher';
export * from './health.controller';
export * from './service-kit.module';
export * from './bootstrap';
