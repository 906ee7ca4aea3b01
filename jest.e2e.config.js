// Integration (.int) and end-to-end (.e2e) tests: real Kafka, Postgres and SMTP,
// brought up once per run by libs/testing's global setup.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'int+e2e',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.{int,e2e}.spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/infra/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/infra/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120000,
};
