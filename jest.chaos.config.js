// Fault and abuse suite (`npm run test:chaos`, and a short form in `npm test`): the real stack on
// a Kafka broker and a Postgres server of the run's own, which the specs kill and restart.
// STEWARD_CHAOS_SECONDS sets how long the load runs per fault (docs/reliability.md).
module.exports = {
  ...require('./jest.preset'),
  displayName: 'chaos',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.chaos.spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/infra/chaos-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/infra/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 30 * 60 * 1000,
};
