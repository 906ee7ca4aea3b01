import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import { AggregatorRegistry } from 'prom-client';
import { logLevel } from './config';
import { METRICS_REPLY, METRICS_REQUEST, metricsRegistry } from './metrics';

export interface ClusterOptions {
  /** The app's name, in the primary's log lines. */
  app: string;
  /** Worker processes; 1 runs `start` in this process, without a primary. */
  workers: number;
  /** Starts the app (in each worker). */
  start: () => Promise<void>;
  /** How long the primary waits for its workers' graceful stop before it kills them. */
  stopTimeoutMs?: number;
}

/** A replaced worker that dies this soon again counts towards the crash loop limit. */
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES_IN_WINDOW = 5;

/**
 * Runs an app as `workers` processes sharing its listening port (node:cluster; the primary
 * hands connections out round-robin), so one machine's cores all serve it. The primary runs no
 * app code: it starts the workers, replaces one that crashes, stops them all on SIGTERM/SIGINT
 * (each stops gracefully, as a lone process would), and answers the workers' `/metrics` with
 * the sum over all of them (prom-client's AggregatorRegistry), so a scrape sees the whole
 * gateway whichever worker serves it. A worker whose primary is gone stops itself.
 *
 * A worker that fails before it ever listened is a start failure: the primary stops the others
 * and exits with that worker's code, so a bad configuration ends the start as it would alone.
 */
export function runClustered(options: ClusterOptions): void {
  if (options.workers <= 1) {
    void options.start();
    return;
  }
  if (cluster.isWorker) {
    runWorker(options);
    return;
  }
  runPrimary(options);
}

function runWorker(options: ClusterOptions): void {
  // Answer the primary's requests for this worker's metrics (prom-client listens once an
  // AggregatorRegistry exists in the process).
  AggregatorRegistry.setRegistries(metricsRegistry);
  new AggregatorRegistry();
  // The primary is gone (killed): stop as on SIGTERM, so nothing keeps serving unsupervised.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  void options.start();
}

function runPrimary(options: ClusterOptions): void {
  const { app, workers } = options;
  // The primary runs no Nest app: its lines go through a pino logger of the same shape.
  const log = pino({ name: app, level: logLevel(), base: { service: app, context: 'Cluster' } });
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const aggregator = new AggregatorRegistry();
  const listened = new WeakSet<Worker>();
  const alive = new Set<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const fork = (): void => {
    const worker = cluster.fork();
    alive.add(worker);
    worker.once('listening', () => {
      if (!listened.has(worker)) log.info({ worker_pid: worker.process.pid }, 'worker listening');
      listened.add(worker);
    });
  };

  const stopAll = (code: number, reason: string): void => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log[code === 0 ? 'info' : 'error'](`stopping ${alive.size} workers: ${reason}`);
    for (const worker of alive) worker.process.kill('SIGTERM');
    setTimeout(() => {
      log.warn(`workers still running after ${stopTimeoutMs} ms; killing them`);
      for (const worker of alive) worker.process.kill('SIGKILL');
      process.exit(exitCode || 1);
    }, stopTimeoutMs).unref();
    if (alive.size === 0) process.exit(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker);
    if (stopping) {
      if (alive.size === 0) process.exit(exitCode);
      return;
    }
    if (!listened.has(worker)) {
      stopAll(code || 1, `worker ${worker.process.pid} failed to start (exit ${code ?? signal})`);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > MAX_CRASHES_IN_WINDOW) {
      stopAll(1, `${crashes.length} worker crashes within ${CRASH_WINDOW_MS / 1000} s`);
      return;
    }
    log.error({ worker_pid: worker.process.pid, code, signal }, 'a worker exited; starting a replacement');
    fork();
  });

  cluster.on('message', (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== METRICS_REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.isConnected() && worker.send({ type: METRICS_REPLY, id: message.id, text }),
      (error: Error) => worker.isConnected() && worker.send({ type: METRICS_REPLY, id: message.id, error: error.message }),
    );
  });

  process.on('SIGTERM', () => stopAll(0, 'SIGTERM'));
  process.on('SIGINT', () => stopAll(0, 'SIGINT'));
  log.info({ workers }, `starting ${workers} workers`);
  for (let i = 0; i < workers; i++) fork();
}
