/**
 * The whole Steward stack (six apps) as real processes for the integration and e2e run, on
 * ports, databases and topics of its own so it can run beside a development stack.
 */
import path from 'node:path';
import { Client } from 'pg';
import { TEST_DATABASES } from '../infra/test-databases';

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

export const TEST_GATEWAY_PORT = 3300;

/** Settings every test process and every app of the test stack share. */
export function testStackEnv(runId: string): Record<string, string> {
  return {
    STEWARD_DB_PREFIX: 'steward_test_',
    STEWARD_NAMESPACE: `stewardtest-${runId}`,
    GATEWAY_PORT: String(TEST_GATEWAY_PORT),
    IDENTITY_PORT: '3401',
    WORKSPACE_PORT: '3402',
    KEY_VAULT_PORT: '3403',
    NOTIFICATION_PORT: '3404',
    AUDIT_PORT: '3405',
    INVITATION_TOKEN_SECRET: 'test-only-invitation-secret-0123456789',
    INVITATION_ACCEPT_URL: 'http://127.0.0.1:3300/invitations/accept',
    STEWARD_TEST_GATEWAY_URL: `http://127.0.0.1:${TEST_GATEWAY_PORT}`,
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
  process.stderr.write(`[stack] ready at ${env.STEWARD_TEST_GATEWAY_URL} (logs: ${logDir})\n`);
  return handles;
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
