/**
 * Databases that jest global setup creates (if missing) before the test run.
 * One per bounded context so suites can migrate/truncate independently.
 */
export const TEST_DATABASES = [
  'steward_test_identity',
  'steward_test_workspace',
  'steward_test_keyvault',
  'steward_test_notification',
  'steward_test_audit',
] as const;

export type TestDatabase = (typeof TEST_DATABASES)[number];
