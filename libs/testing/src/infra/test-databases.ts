/**
 * Databases of a test run, one per bounded context. `STEWARD_TEST_SLOT=<n>` (default 0) gives a
 * run its own databases and ports, so two test runs on one machine do not disturb each other.
 */
export function testSlot(): number {
  const slot = Number(process.env.STEWARD_TEST_SLOT || 0);
  if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new Error('STEWARD_TEST_SLOT must be an integer from 0 to 9');
  return slot;
}

/** `steward_test_` for slot 0, `steward_test<n>_` for slot n. */
export function testDatabasePrefix(): string {
  const slot = testSlot();
  return slot === 0 ? 'steward_test_' : `steward_test${slot}_`;
}

export const TEST_DATABASES: readonly string[] = ['identity', 'workspace', 'keyvault', 'notification', 'audit'].map(
  (context) => `${testDatabasePrefix()}${context}`,
);

/** A database of the run's own for an integration test (e.g. `testDatabaseName('eventstore')`). */
export function testDatabaseName(name: string): string {
  return `${testDatabasePrefix()}${name}`;
}
