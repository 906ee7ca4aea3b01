/**
 * Jest globalSetup of the chaos suite (jest.chaos.config.js): the normal setup, but on a Kafka
 * broker and a Postgres server of the run's own (started by infra/ in `.steward/chaos-<slot>/`,
 * on ports 39092+10n/39093+10n and 35432+10n), because the suite restarts them. The machine's
 * shared broker (9092) and Postgres (5432) serve other runs and are never restarted.
 */
import path from 'node:path';
import globalSetup from './global-setup';
import { testSlot } from './test-databases';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

export default async function chaosGlobalSetup(): Promise<void> {
  if (process.env.STEWARD_TEST_INFRA === 'containers') throw new Error('the chaos suite runs on local processes of its own (unset STEWARD_TEST_INFRA)');
  const slot = testSlot();
  process.env.STEWARD_INFRA_DIR = path.join(REPO_ROOT, '.steward', `chaos-${slot}`);
  process.env.KAFKA_BROKERS = process.env.STEWARD_CHAOS_KAFKA_BROKERS ?? `127.0.0.1:${39092 + 10 * slot}`;
  process.env.DATABASE_URL = process.env.STEWARD_CHAOS_DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${35432 + 10 * slot}/postgres`;
  await globalSetup();
}
