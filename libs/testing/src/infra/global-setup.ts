/**
 * Jest globalSetup: real infrastructure (Kafka, PostgreSQL, SMTP catcher, Redis) for the test run.
 *
 * Default ("local") mode uses infra/index.js: reuses whatever answers at
 * KAFKA_BROKERS / DATABASE_URL / REDIS_URL, starts local processes otherwise.
 * STEWARD_TEST_INFRA=containers starts throw-away containers via testcontainers
 * instead (needs a reachable Docker/Podman engine).
 * The SMTP catcher is the run's own in both modes (a maildev process on the slot's ports,
 * stack/test-smtp.ts): tests stop and restart it to cause real SMTP outages.
 *
 * Exports KAFKA_BROKERS, DATABASE_URL, REDIS_URL, SMTP_URL and SMTP_API_URL to the test
 * workers and records in globalThis.__STEWARD_INFRA__ what it started, so
 * global-teardown.ts stops only that (unless STEWARD_KEEP_INFRA=1).
 */
import path from 'node:path';
import { TEST_DATABASES } from './test-databases';
import { recreateTestDatabases, startTestStack, testStackEnv, type ServiceHandle } from '../stack/test-stack';
import { startTestSmtp } from '../stack/test-smtp';

export interface InfraState {
  kafka?: { brokers: string; started: boolean };
  postgres?: { url: string; started: boolean };
  smtp?: { url: string; apiUrl: string; started: boolean };
  redis?: { url: string; started: boolean };
}

/** The parts of infra/index.js (plain CommonJS) used by the jest hooks. */
export interface InfraModule {
  ensureAll(options: { databases: readonly string[]; smtp?: boolean }): Promise<InfraState>;
  stopStarted(state: InfraState): Promise<Array<{ name: string; pid: number; result: string }>>;
  toEnv(state: InfraState): Record<string, string>;
  createDatabases(url: string, names: readonly string[]): Promise<void>;
  waitForKafka(brokers: string, options?: { timeoutMs?: number }): Promise<number>;
}

export interface StewardInfraRecord {
  mode: 'local' | 'containers';
  /** Components this run started (and teardown will stop). */
  started: string[];
  env: Record<string, string>;
  /** local mode: what infra/index.js ensureAll returned */
  state?: InfraState;
  /** containers mode: started containers */
  containers?: Array<{ name: string; stop(): Promise<unknown> }>;
  /** The six Steward apps started for this run. */
  stack?: ServiceHandle[];
}

declare global {
  var __STEWARD_INFRA__: StewardInfraRecord | undefined;
}

const REPO_ROOT = path.resolve(__dirname, '../../../..');

export function loadInfra(): InfraModule {
  // Global setup runs outside jest's module mapping, so infra/ is loaded by its path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(REPO_ROOT, 'infra', 'index.js')) as InfraModule;
}

const KAFKA_IMAGE = process.env.STEWARD_TC_KAFKA_IMAGE ?? 'apache/kafka:3.9.1';
const POSTGRES_IMAGE = process.env.STEWARD_TC_POSTGRES_IMAGE ?? 'postgres:16';
const REDIS_IMAGE = process.env.STEWARD_TC_REDIS_IMAGE ?? 'redis:7.4-alpine';

async function startLocal(): Promise<StewardInfraRecord> {
  const infra = loadInfra();
  const state = await infra.ensureAll({ databases: TEST_DATABASES, smtp: false });
  const started = (Object.keys(state) as Array<keyof InfraState>).filter((name) => state[name]?.started);
  return { mode: 'local', started, state, env: infra.toEnv(state) };
}

/**
 * Containers mode. @testcontainers/kafka's KafkaContainer only drives
 * confluentinc/cp-kafka images, so the apache/kafka image is run as a
 * GenericContainer the way testcontainers-java's apache KafkaContainer does:
 * the entrypoint waits for a starter script that we copy in once the mapped
 * port (needed for the advertised listener) is known.
 */
async function startContainers(): Promise<StewardInfraRecord> {
  const tc = await import('testcontainers');
  try {
    await tc.getContainerRuntimeClient();
  } catch (err) {
    throw new Error(
      `STEWARD_TEST_INFRA=containers, but no container engine (Docker/Podman) is reachable: ${(err as Error).message}. ` +
        'Start Docker (or set DOCKER_HOST), or unset STEWARD_TEST_INFRA to use the local processes from infra/.',
    );
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const infra = loadInfra();
  const starter = '/tmp/steward_kafka_start.sh';

  const startKafka = async () => {
    const container = await new tc.GenericContainer(KAFKA_IMAGE)
      .withExposedPorts(9092)
      .withEnvironment({
        CLUSTER_ID: '4L6g3nShT-eMCtK--X86sw',
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_NUM_PARTITIONS: '3',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'true',
      })
      .withEntrypoint(['sh'])
      .withCommand(['-c', `echo 'waiting for starter'; while [ ! -f ${starter} ]; do sleep 0.1; done; exec ${starter}`])
      .withWaitStrategy(tc.Wait.forLogMessage('waiting for starter'))
      .withStartupTimeout(120_000)
      .start();
    const brokers = `${container.getHost()}:${container.getMappedPort(9092)}`;
    await container.copyContentToContainer([
      {
        content:
          '#!/bin/bash\n' +
          `export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${brokers},BROKER://${container.getHostname()}:9093\n` +
          'exec /etc/kafka/docker/run\n',
        target: starter,
        mode: 0o755,
      },
    ]);
    try {
      await infra.waitForKafka(brokers, { timeoutMs: 120_000 });
    } catch (err) {
      await container.stop().catch(() => undefined);
      throw err;
    }
    return { name: 'kafka', container, env: { KAFKA_BROKERS: brokers } };
  };

  const startPostgres = async () => {
    const container = await new PostgreSqlContainer(POSTGRES_IMAGE)
      .withDatabase('postgres')
      .withUsername('postgres')
      .withPassword('postgres')
      .start();
    const url = container.getConnectionUri();
    await infra.createDatabases(url, TEST_DATABASES);
    return { name: 'postgres', container, env: { DATABASE_URL: url } };
  };

  const startRedis = async () => {
    const container = await new tc.GenericContainer(REDIS_IMAGE).withExposedPorts(6379).withWaitStrategy(tc.Wait.forLogMessage('Ready to accept connections')).start();
    return { name: 'redis', container, env: { REDIS_URL: `redis://${container.getHost()}:${container.getMappedPort(6379)}` } };
  };

  const results = await Promise.allSettled([startPostgres(), startKafka(), startRedis()]);
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failed.length > 0) {
    await Promise.allSettled(ok.map((c) => c.container.stop()));
    throw new Error(`could not start test containers:\n${failed.map((e) => e.stack ?? String(e)).join('\n')}`);
  }
  return {
    mode: 'containers',
    started: ok.map((c) => c.name),
    containers: ok.map((c) => ({ name: c.name, stop: () => c.container.stop() })),
    env: Object.assign({}, ...ok.map((c) => c.env)),
  };
}

export default async function globalSetup(): Promise<void> {
  const mode = process.env.STEWARD_TEST_INFRA === 'containers' ? 'containers' : 'local';
  const record = mode === 'containers' ? await startContainers() : await startLocal();
  Object.assign(process.env, record.env);
  globalThis.__STEWARD_INFRA__ = record;

  // Then Steward itself, as real processes, on fresh databases and a namespace of this run,
  // sending mail to the run's own catcher.
  const stackEnv = testStackEnv(Date.now().toString(36));
  Object.assign(process.env, stackEnv);
  await Promise.all([recreateTestDatabases(process.env.DATABASE_URL as string), startTestSmtp({ fresh: true })]);
  record.stack = await startTestStack({ ...record.env, ...stackEnv }, REPO_ROOT);
}
