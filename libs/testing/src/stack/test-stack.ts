/**
 * The whole Steward stack (six apps) as real processes for the integration and e2e run, on
 * ports, databases and topics of its own so it can run beside a development stack.
 */
import path from 'node:path';
import { Client } from 'pg';
import { TEST_DATABASES, testDatabasePrefix, testSlot } from '../infra/test-databases';
import { testSmtpEnv } from './test-smtp';
import { recordTestStack } from './test-services';

export interface ServiceHandle {
  app: string;
  logFile: string;
  child: { pid?: number; kill(signal?: string): boolean };
  exited: unknown;
}

interface ServicesModule {
  startServices(options: { env: Record<string, string>; logDir: string }): ServiceHandle[];
  waitForGateway(url: string, handles: ServiceHandle[], timeoutMs?: number): Promise<void>;
  stopServices(handles: ServiceHandle[], graceMs?: number): Promise<void>;
}

/** Gateway 3300 and services 3401–3405 for slot 0; slot n adds 10·n to each. */
export function testGatewayPort(): number {
  return 3300 + 10 * testSlot();
}

/** Settings every test process and every app of the test stack share. */
export function testStackEnv(runId: string): Record<string, string> {
  const offset = 10 * testSlot();
  const gateway = testGatewayPort();
  return {
    STEWARD_DB_PREFIX: testDatabasePrefix(),
    STEWARD_NAMESPACE: `stewardtest-${runId}`,
    // The run's keys in the shared Redis (rate-limit counters, idempotency records): apart from
    // other runs and slots, deleted by the teardown.
    REDIS_PREFIX: `stewardtest-${runId}`,
    GATEWAY_PORT: String(gateway),
    IDENTITY_PORT: String(3401 + offset),
    WORKSPACE_PORT: String(3402 + offset),
    KEY_VAULT_PORT: String(3403 + offset),
    NOTIFICATION_PORT: String(3404 + offset),
    AUDIT_PORT: String(3405 + offset),
    INVITATION_TOKEN_SECRET: 'test-only-invitation-secret-0123456789',
    INVITATION_ACCEPT_URL: `http://127.0.0.1:${gateway}/invitations/accept`,
    // The audit retention purge runs every second, so a test sees back-dated entries purged.
    AUDIT_RETENTION_SWEEP_MS: '1000',
    STEWARD_TEST_GATEWAY_URL: `http://127.0.0.1:${gateway}`,
    ...testSmtpEnv(),
    // A job is dead after 5 failed attempts, 7.5–15 s after its first (backoff 1, 2, 4, 8 s,
    // jittered to 50–100 %): long enough for a spec to stop and restart the SMTP catcher between
    // two attempts, short enough for one to wait for a job to die.
    JOB_MAX_ATTEMPTS: '5',
    JOB_BACKOFF_BASE_MS: '1000',
    JOB_BACKOFF_MAX_MS: '8000',
  };
}

/** Each run starts from empty databases (topics are fresh through the run's namespace). */
export async function recreateTestDatabases(databaseUrl: string, names: readonly string[] = TEST_DATABASES): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const name of names) {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
}

export function loadServices(): ServicesModule {
  // Loaded by path: jest's global setup and teardown run outside its module mapping.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.resolve(__dirname, '../../../../infra/services.js')) as ServicesModule;
}

export async function startTestStack(env: Record<string, string>, repoRoot: string): Promise<ServiceHandle[]> {
  const services = loadServices();
  const logDir = path.join(repoRoot, '.steward', 'logs', env.STEWARD_NAMESPACE);
  const handles = services.startServices({ env, logDir });
  try {
    await services.waitForGateway(env.STEWARD_TEST_GATEWAY_URL, handles);
  } catch (error) {
    await services.stopServices(handles, 5000);
    throw error;
  }
  recordTestStack(env, logDir, Object.fromEntries(handles.map((h) => [h.app, h.child.pid as number])));
  process.stderr.write(`[stack] ready at ${env.STEWARD_TEST_GATEWAY_URL} (logs: ${logDir})\n`);
  return handles;
}

/** Deletes the keys of one run's prefix from the shared Redis, so runs do not pile up 24-hour idempotency records. */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<number> {
  // ioredis directly: jest's global hooks run outside its module mapping.
  const { default: Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) deleted += await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

/** Deletes the topics of one run's namespace, so runs do not pile topics up in a shared broker. */
export async function deleteNamespaceTopics(brokers: string, namespace: string): Promise<void> {
  // kafkajs directly: jest's global hooks run outside its module mapping (no @steward/* aliases).
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'test-teardown', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`) || t.startsWith(`${namespace}-`));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10000 });
  } finally {
    await admin.disconnect();
  }
}
