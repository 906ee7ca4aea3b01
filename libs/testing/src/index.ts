export * from './decider-spec';
export * from './api-client';
export * from './maildev';
export * from './bootstrap';
export * from './stack/test-stack';
export * from './infra/test-databases';
export * from './test-data-source';
