/**
 * Restarting the run's own Kafka broker or Postgres server from inside a spec (the chaos suite,
 * jest.chaos.config.js, whose global setup starts both in `.steward/chaos-<slot>/`). infra/'s
 * `restartStarted` refuses a server it did not start, so the machine's shared broker and
 * Postgres are never touched.
 */
import path from 'node:path';
import { gatewayUrl } from '../api-client';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const READY_TIMEOUT_MS = 180_000;

interface InfraFaultsModule {
  restartStarted(name: 'kafka' | 'postgres', options: { brokers?: string; url?: string }): Promise<unknown>;
  crashAndRestart(name: 'kafka' | 'postgres', options: { brokers?: string; url?: string }): Promise<unknown>;
}

/**
 * Stops the run's own broker or Postgres — gracefully, or with `kill -9` (`crash`: no shutdown at
 * all; Postgres recovers from its WAL, Kafka from its logs) — starts it again on the same data,
 * and waits until the stack is ready.
 */
export async function restartTestInfra(name: 'kafka' | 'postgres', { crash = false }: { crash?: boolean } = {}): Promise<void> {
  if (!process.env.STEWARD_INFRA_DIR) throw new Error('restartTestInfra needs the run\'s own infra (jest.chaos.config.js sets STEWARD_INFRA_DIR)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const infra = require(path.join(REPO_ROOT, 'infra', 'index.js')) as InfraFaultsModule;
  const options = { brokers: process.env.KAFKA_BROKERS, url: process.env.DATABASE_URL };
  await (crash ? infra.crashAndRestart(name, options) : infra.restartStarted(name, options));
  await waitForTestStackReady();
}

/** Waits until the gateway's readiness check (which pings every service) answers 200. */
export async function waitForTestStackReady(timeoutMs = READY_TIMEOUT_MS): Promise<number> {
  const started = Date.now();
  let last = '';
  while (Date.now() - started < timeoutMs) {
    const ready = await fetch(`${gatewayUrl()}/health/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      async (r) => ((last = await r.text()), r.status === 200),
      (error: unknown) => ((last = String(error)), false),
    );
    if (ready) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the test stack was not ready ${timeoutMs / 1000} s after a fault; last readiness answer: ${last.slice(0, 500)}`);
}
