/**
 * Jest globalTeardown: stops only what global-setup.ts started.
 * STEWARD_KEEP_INFRA=1 leaves locally started processes running for the next
 * run (stop them with `node infra/down.js`). Containers are always removed.
 */
import { loadInfra, type StewardInfraRecord } from './global-setup';
import { deleteNamespaceTopics, deleteRedisPrefix, loadServices } from '../stack/test-stack';
import { stopTestRedis } from '../stack/test-redis';
import { stopTestSmtp } from '../stack/test-smtp';
import { stopRecordedTestStack } from '../stack/test-services';

export default async function globalTeardown(): Promise<void> {
  const record: StewardInfraRecord | undefined = globalThis.__STEWARD_INFRA__;
  if (!record) return;
  globalThis.__STEWARD_INFRA__ = undefined;
  if (record.stack) {
    await loadServices().stopServices(record.stack);
    // Apps a spec restarted (stopTestService/startTestService) are not among the handles.
    await stopRecordedTestStack();
    const namespace = process.env.STEWARD_NAMESPACE;
    const brokers = process.env.KAFKA_BROKERS;
    if (namespace && brokers) await deleteNamespaceTopics(brokers, namespace).catch((error: unknown) => process.stderr.write(`[stack] could not delete topics: ${String(error)}\n`));
    const redisUrl = process.env.REDIS_URL;
    const redisPrefix = process.env.REDIS_PREFIX;
    if (redisUrl && redisPrefix) await deleteRedisPrefix(redisUrl, redisPrefix).catch((error: unknown) => process.stderr.write(`[stack] could not delete Redis keys: ${String(error)}\n`));
  }
  // A Redis an outage spec started for itself (stack/test-redis.ts), if it left one running.
  await stopTestRedis().catch((error: unknown) => process.stderr.write(`[stack] could not stop the test Redis: ${String(error)}\n`));
  // The run's own SMTP catcher goes with the run, STEWARD_KEEP_INFRA or not.
  await stopTestSmtp().catch((error: unknown) => process.stderr.write(`[stack] could not stop the test SMTP catcher: ${String(error)}\n`));

  if (record.mode === 'containers') {
    await Promise.allSettled((record.containers ?? []).map((c) => c.stop()));
    return;
  }

  const infra = loadInfra();
  const state = record.state ?? {};
  if (process.env.STEWARD_KEEP_INFRA === '1') {
    if (record.started.length > 0) {
      process.stderr.write(`[infra] STEWARD_KEEP_INFRA=1: leaving ${record.started.join(', ')} running\n`);
    }
    // release this process's leases without stopping anything
    await infra.stopStarted({
      kafka: state.kafka && { ...state.kafka, started: false },
      postgres: state.postgres && { ...state.postgres, started: false },
      smtp: state.smtp && { ...state.smtp, started: false },
      redis: state.redis && { ...state.redis, started: false },
    });
    return;
  }
  await infra.stopStarted(state);
}
