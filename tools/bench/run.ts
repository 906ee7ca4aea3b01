/**
 * `npm run bench`: throughput, latency and audit lag of Steward's public API on this machine.
 *
 * 1. Starts a stack of its own, beside any dev or test stack: gateway :3500, services
 *    :3601–3605, databases `steward_bench_*` (dropped and created fresh), Kafka namespace
 *    `stewardbench-<run id>`; Kafka, Postgres and the SMTP catcher are reused or started through
 *    infra/index.js. App logs go to .steward/logs/<namespace>/.
 * 2. Bootstraps an organization with the real `npm run bootstrap` and uses its admin key.
 * 3. After a short warm-up, drives the gateway with autocannon:
 *      create-user  POST /v1/users, a unique email per request, send_invitation:false
 *      get-user     GET /v1/users/{id} of one user
 * 4. Audit lag: sequential creates; for each, the time from the 201 to the moment
 *    GET /v1/audit-logs?action=user.create&user_id=<id> returns the entry.
 * 5. Workspace tree: builds a tree through the API (a root, then 10 × 10 × 100 below it:
 *    10,111 workspaces, level by level, with bounded concurrency), waits for the audit log to
 *    catch up with that burst, then drives GET /v1/workspaces/{root}/tree with autocannon.
 * 6. Projection rebuild (tools/bench/rebuild-stage.ts): BENCH_REBUILD_EVENTS synthetic but
 *    schema-valid events written straight into the event stores of bench-only databases, then
 *    `npm run projections:rebuild -- audit` against them; its events/s.
 * 7. Prints a table and rewrites the section between the bench markers in docs/benchmarks.md.
 *
 * Before the tree (its burst of events would disturb them), two key-vault measurements:
 *      verify          POST /v1/api-keys/verify of one valid key (the gateway's key cache)
 *      revoke→refused  N fresh keys, each used, revoked, then polled back to back until the
 *                      gateway answers 401; the time from the 204 to the 401
 *
 * Knobs: BENCH_DURATION_S (15), BENCH_CONNECTIONS (10 for create, 20 for get; one value sets
 * both), BENCH_AUDIT_SAMPLES (200), BENCH_TREE (the fan-out below the root, 10x10x100),
 * BENCH_TREE_CONCURRENCY (creates in flight while building, 8), BENCH_TREE_CONNECTIONS (4),
 * BENCH_TREE_DURATION_S (10), BENCH_VERIFY_DURATION_S (10), BENCH_VERIFY_CONNECTIONS (10,20),
 * BENCH_REVOKE_SAMPLES (50),
 * BENCH_REBUILD_EVENTS (100000), BENCH_GATEWAY_WORKERS (gateway processes, one per core). The
 * design goals in docs/benchmarks.md are reported, never
 * enforced: the exit code only says whether the bench could run.
 *
 * The apps are always stopped at the end, and so is any infrastructure this run started.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { AuditEntryResource, Page, UserResource, WorkspaceResource, WorkspaceTreeNode } from '@steward/contracts';
import { apiAs, deleteNamespaceTopics, loadServices, recreateTestDatabases, type ServiceHandle } from '@steward/testing';
import { measureRebuild, type RebuildBench } from './rebuild-stage';

// ---------------------------------------------------------------------------------------------
// settings
// ---------------------------------------------------------------------------------------------

const repoRoot = path.resolve(__dirname, '../..');
const docsFile = path.join(repoRoot, 'docs', 'benchmarks.md');
const MARK_START = '<!-- bench:start -->';
const MARK_END = '<!-- bench:end -->';

const GATEWAY_PORT = 3500;
const SERVICE_PORTS = { IDENTITY_PORT: 3601, WORKSPACE_PORT: 3602, KEY_VAULT_PORT: 3603, NOTIFICATION_PORT: 3604, AUDIT_PORT: 3605 };
const DB_PREFIX = 'steward_bench_';
const DATABASES = ['identity', 'workspace', 'keyvault', 'notification', 'audit'].map((context) => `${DB_PREFIX}${context}`);
const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}`;

/** A fan-out such as `10x10x100` (children per node, level by level) from the environment. */
function fanoutEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const widths = raw.split('x').map(Number);
  if (!widths.every((w) => Number.isInteger(w) && w >= 1)) throw new Error(`${name} must look like 10x10x100 (got "${raw}")`);
  return widths;
}

/** A positive integer from the environment, or the fallback. */
function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

/** Positive integers, comma-separated (`10,20`), from the environment, or the fallback. */
function intListEnv(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map(Number);
  if (!values.every((v) => Number.isInteger(v) && v >= 1)) throw new Error(`${name} must look like 10,20 (got "${raw}")`);
  return values;
}

const settings = {
  durationS: intEnv('BENCH_DURATION_S', 15),
  createConnections: intEnv('BENCH_CONNECTIONS', 10),
  getConnections: intEnv('BENCH_CONNECTIONS', 20),
  auditSamples: intEnv('BENCH_AUDIT_SAMPLES', 200),
  /** Audit lag under load: samples taken while create-user load runs beside them. */
  auditLoadSamples: intEnv('BENCH_AUDIT_LOAD_SAMPLES', 100),
  auditLoadConnections: intEnv('BENCH_AUDIT_LOAD_CONNECTIONS', 4),
  treeFanout: fanoutEnv('BENCH_TREE', [10, 10, 100]),
  treeBuildConcurrency: intEnv('BENCH_TREE_CONCURRENCY', 8),
  treeConnections: intEnv('BENCH_TREE_CONNECTIONS', 4),
  treeDurationS: intEnv('BENCH_TREE_DURATION_S', 10),
  /** How long to wait for the audit log to catch up with the tree build before measuring. */
  treeAuditCatchUpMs: 300_000,
  warmupS: 3,
  warmupConnections: 5,
  /** Pause between two audit-lag creates. */
  auditSpacingMs: 20,
  /** Pause between two audit-log polls. */
  auditPollMs: 10,
  /** An entry not seen after this long counts as missing. */
  auditGiveUpMs: 10_000,
  /**
   * verify runs at each of these: 10 connections (a client's keep-alive pool), where latency is
   * what a caller sees below saturation, and 20, where both cores are saturated and the queue
   * shows in p99.
   */
  verifyConnections: intListEnv('BENCH_VERIFY_CONNECTIONS', [10, 20]),
  verifyDurationS: intEnv('BENCH_VERIFY_DURATION_S', 10),
  revokeSamples: intEnv('BENCH_REVOKE_SAMPLES', 50),
  rebuildEvents: intEnv('BENCH_REBUILD_EVENTS', 100_000),
  /** A key still accepted this long after its revocation's 204 counts as not refused. */
  revokeGiveUpMs: 5_000,
  /**
   * Before each measurement, wait (at most settleMaxMs) until the whole machine's CPU stays below
   * settleBusy for a second: the previous scenario's events are still being projected for a while
   * after its load ends, and would otherwise land in the next scenario's figures.
   */
  settleBusy: 0.25,
  settleMaxMs: 30_000,
  /** Gateway processes (GATEWAY_WORKERS): one per core by default, as a deployment would run. */
  gatewayWorkers: intEnv('BENCH_GATEWAY_WORKERS', os.availableParallelism()),
};

// ---------------------------------------------------------------------------------------------
// the bench stack
// ---------------------------------------------------------------------------------------------

interface InfraState {
  kafka?: { brokers: string; started: boolean };
  postgres?: { url: string; started: boolean };
  smtp?: { url: string; apiUrl: string; started: boolean };
}

/** The parts of infra/index.js (plain CommonJS) used here. */
interface InfraModule {
  ensureAll(options: { databases: readonly string[] }): Promise<InfraState>;
  stopStarted(state: InfraState): Promise<Array<{ name: string; pid: number; result: string }>>;
  toEnv(state: InfraState): Record<string, string>;
}

/** Loaded by path, the way the testing lib does (infra/ is plain scripts, not an Nx project). */
function loadInfra(): InfraModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(repoRoot, 'infra', 'index.js')) as InfraModule;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Settings of the bench stack's apps (and of the bootstrap run against it). */
function benchStackEnv(runId: string): Record<string, string> {
  return {
    STEWARD_DB_PREFIX: DB_PREFIX,
    STEWARD_NAMESPACE: `stewardbench-${runId}`,
    GATEWAY_PORT: String(GATEWAY_PORT),
    ...Object.fromEntries(Object.entries(SERVICE_PORTS).map(([name, port]) => [name, String(port)])),
    INVITATION_TOKEN_SECRET: 'bench-only-invitation-secret-0123',
    INVITATION_ACCEPT_URL: `${gatewayUrl}/invitations/accept`,
    // Rate limiting stays on (its cost is part of every figure), but far above what one key of
    // the bench sends; the run's counters live under its own Redis prefix.
    RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000000',
    REDIS_PREFIX: `stewardbench-${runId}`,
    GATEWAY_WORKERS: String(settings.gatewayWorkers),
  };
}

/** True when nothing listens on 127.0.0.1:port (so our app will get it, not talk to a stranger). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** What has to be undone at the end; filled in as things come up. */
interface Running {
  infra?: InfraState;
  apps?: ServiceHandle[];
  /** The run's topic namespace, deleted at the end. */
  topics?: { brokers: string; namespace: string };
}

async function startStack(running: Running, env: Record<string, string>, logDir: string): Promise<void> {
  const busy: number[] = [];
  for (const port of [GATEWAY_PORT, ...Object.values(SERVICE_PORTS)]) if (!(await portIsFree(port))) busy.push(port);
  if (busy.length) throw new Error(`port(s) ${busy.join(', ')} already in use; is another bench running?`);

  await recreateTestDatabases(env.DATABASE_URL, DATABASES);
  running.topics = { brokers: env.KAFKA_BROKERS, namespace: env.STEWARD_NAMESPACE };
  const services = loadServices();
  running.apps = services.startServices({ env, logDir });
  const t0 = Date.now();
  await services.waitForGateway(gatewayUrl, running.apps);
  log(`stack ready at ${gatewayUrl} after ${((Date.now() - t0) / 1000).toFixed(1)} s (logs: ${path.relative(repoRoot, logDir)})`);
}

/** Stops our apps, then whatever infrastructure this run started; never throws. */
async function stopStack(running: Running): Promise<void> {
  if (running.apps) {
    const apps = running.apps;
    running.apps = undefined;
    log('stopping the bench stack');
    const t0 = Date.now();
    await loadServices()
      .stopServices(apps)
      .catch((error: unknown) => log(`stopping apps failed: ${String(error)}`));
    // SIGTERM is the graceful path; anything else (SIGKILL after the grace time) is worth a look.
    const exits = apps.map((h) => `${h.app} ${JSON.stringify(h.exited)}`).join(', ');
    log(`apps stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${exits}`);
  }
  if (running.topics) {
    const { brokers, namespace } = running.topics;
    running.topics = undefined;
    await deleteNamespaceTopics(brokers, namespace).catch((error: unknown) => log(`deleting topics failed: ${String(error)}`));
  }
  if (running.infra) {
    const state = running.infra;
    running.infra = undefined;
    // Also releases this process's leases on components it reused.
    const stopped = await loadInfra()
      .stopStarted(state)
      .catch((error: unknown) => {
        log(`stopping infrastructure failed: ${String(error)}`);
        return [];
      });
    for (const s of stopped) log(`${s.name} (pid ${s.pid}): ${s.result}`);
  }
}

interface BootstrapResult {
  organization_id: string;
  user_id: string;
  api_key: string;
}

/** The real `npm run bootstrap` against the bench stack; parses its one JSON line. */
function bootstrap(env: Record<string, string>): Promise<BootstrapResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'bootstrap', '--', '--org', 'Bench', '--email', 'owner@bench.test'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        const result = JSON.parse(stdout.trim()) as BootstrapResult;
        if (!result.api_key) throw new Error('no api_key in its output');
        resolve(result);
      } catch (error) {
        reject(new Error(`bootstrap failed (${(error as Error).message})\nstdout: ${stdout.trim()}\nstderr: ${stderr.trim()}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// measurements
// ---------------------------------------------------------------------------------------------

interface LoadResult {
  name: string;
  connections: number;
  durationS: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  /** connection errors, timeouts included */
  errors: number;
  /** non-2xx responses by status code, e.g. { "503": 4 } */
  statuses: Record<string, number>;
}

let emailCounter = 0;
/** A body for POST /v1/users with an email no other request has used. */
function newUserBody(runId: string): string {
  const n = ++emailCounter;
  return JSON.stringify({ name: `Bench User ${n}`, email: `bench.${runId}.${n}@bench.test`, role: 'viewer', send_invitation: false });
}

/** Set by SIGINT/SIGTERM: the load stops, the measurements end, the stack is torn down. */
let interrupted = false;
/** The autocannon run in progress, so that a Ctrl-C stops the load before the stack goes down. */
let currentLoad: autocannon.Instance | undefined;

class Interrupted extends Error {}

function checkInterrupted(): void {
  if (interrupted) throw new Interrupted('interrupted');
}

/** One autocannon run; `requests` describes what each connection sends, in a loop. */
/** Busy and total CPU time of the whole machine so far (/proc/stat), or undefined without procfs. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Waits until the machine has been quiet for a second (see settings.settleBusy), at most settleMaxMs. */
async function settle(what: string): Promise<void> {
  const started = performance.now();
  let busy = 1;
  while (performance.now() - started < settings.settleMaxMs) {
    const before = cpuTimes();
    await sleep(1000);
    const after = cpuTimes();
    checkInterrupted();
    if (!before || !after) return;
    busy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    if (busy < settings.settleBusy) {
      const waitedS = (performance.now() - started) / 1000;
      if (waitedS > 1.5) log(`${what}: waited ${waitedS.toFixed(1)} s for the machine to settle`);
      return;
    }
  }
  log(`${what}: the machine stayed busy (${Math.round(busy * 100)}% CPU) for ${settings.settleMaxMs / 1000} s; measuring anyway`);
}

async function load(name: string, key: string, connections: number, durationS: number, requests: autocannon.Request[]): Promise<LoadResult> {
  currentLoad = autocannon({
    url: gatewayUrl,
    title: name,
    connections,
    duration: durationS,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    requests,
  });
  const result = await currentLoad;
  currentLoad = undefined;
  checkInterrupted();
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) if (!status.startsWith('2')) statuses[status] = count;
  return {
    name,
    connections,
    durationS,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
  };
}

/** create-user: every request posts a fresh user (the body is generated per request). */
const createUserRequests = (runId: string): autocannon.Request[] => [
  { method: 'POST', path: '/v1/users', setupRequest: (request) => ({ ...request, body: newUserBody(runId) }) },
];

/** get-user: the same user over and over. */
const getUserRequests = (userId: string): autocannon.Request[] => [{ method: 'GET', path: `/v1/users/${userId}` }];

/** verify: the same valid key over and over (answered from the gateway's key cache, no RPC). */
const verifyRequests = (secret: string): autocannon.Request[] => [{ method: 'POST', path: '/v1/api-keys/verify', body: JSON.stringify({ key: secret }) }];

interface AuditLag {
  samples: number;
  lags: number[];
  missing: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Sequential creates, `auditSpacingMs` apart. After each 201 the audit log is polled (one poll in
 * flight, `auditPollMs` between polls) until the user's `user.create` entry is listed; the lag is
 * the time from the 201 arriving to the listing arriving, so it includes one GET's latency and
 * is quantised by the poll interval.
 */
async function measureAuditLag(key: string, runId: string, samples: number): Promise<AuditLag> {
  const api = apiAs(key);
  const lags: number[] = [];
  let missing = 0;
  for (let i = 0; i < samples; i++) {
    checkInterrupted();
    const created = await api.request<UserResource>('POST', '/v1/users', { rawBody: newUserBody(runId), headers: { 'content-type': 'application/json' } });
    if (created.status !== 201) throw new Error(`audit lag: POST /v1/users answered ${created.status}: ${created.text}`);
    const userId = created.body.id;
    const t0 = performance.now();
    let lag: number | undefined;
    while (performance.now() - t0 < settings.auditGiveUpMs) {
      const listed = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=user.create&user_id=${encodeURIComponent(userId)}`);
      if (listed.status === 200 && listed.body.data.some((entry) => entry.target.id === userId)) {
        lag = performance.now() - t0;
        break;
      }
      if (listed.status !== 200) log(`audit lag: GET /v1/audit-logs answered ${listed.status}: ${listed.text.slice(0, 200)}`);
      await sleep(settings.auditPollMs);
    }
    if (lag === undefined) missing++;
    else lags.push(lag);
    await sleep(settings.auditSpacingMs);
  }
  const sorted = [...lags].sort((a, b) => a - b);
  return { samples, lags, missing, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/**
 * Audit lag while the system is busy: the same sequential samples as `measureAuditLag`, taken
 * while autocannon sends create-user load on other connections (every one of those creates is
 * an event the audit projection must record too). The load runs until the samples are done.
 */
async function measureAuditLagUnderLoad(key: string, runId: string): Promise<AuditLag & { load: LoadResult }> {
  const background = load('audit-lag load', key, settings.auditLoadConnections, 3600, createUserRequests(`${runId}l`));
  const instance = currentLoad;
  try {
    await sleep(1000); // the load is under way before the first sample
    const lag = await measureAuditLag(key, runId, settings.auditLoadSamples);
    instance?.stop();
    return { ...lag, load: await background };
  } catch (error) {
    instance?.stop();
    await background.catch(() => undefined);
    throw error;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      checkInterrupted();
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface TreeBuild {
  rootId: string;
  workspaces: number;
  levels: number[];
  concurrency: number;
  seconds: number;
  perSec: number;
  /** From the last create's 201 to the audit log listing the last creates. */
  auditCatchUpS: number;
  /** One GET /tree: body size in bytes, nodes in it, and how long it took (ms). */
  bytes: number;
  nodes: number;
  firstGetMs: number;
}

const countNodes = (node: WorkspaceTreeNode): number => 1 + node.children.reduce((sum, child) => sum + countNodes(child), 0);

/**
 * Builds the tree through the public API, level by level (a level's parents must exist first),
 * `treeBuildConcurrency` creates in flight. Names are the node's position (`Unit 3.7.42`), so
 * siblings never share a slug. Then waits until the audit log lists the last creates, so that the
 * read load is not measured while the audit projection works through the burst.
 */
async function buildTree(key: string, runId: string): Promise<TreeBuild> {
  const api = apiAs(key);
  const createWorkspace = async (body: { name: string; slug?: string; parent_id?: string }) => {
    const res = await api.post<WorkspaceResource>('/v1/workspaces', body);
    if (res.status !== 201) throw new Error(`tree: POST /v1/workspaces answered ${res.status}: ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const t0 = performance.now();
  const root = await createWorkspace({ name: 'Bench tree', slug: `bench-tree-${runId}` });
  let parents = [{ id: root.id, label: '' }];
  const levels: number[] = [];
  let total = 1;
  let last: string[] = [];
  for (const width of settings.treeFanout) {
    const jobs = parents.flatMap((parent) =>
      Array.from({ length: width }, (_, i) => ({ label: parent.label ? `${parent.label}.${i + 1}` : String(i + 1), parentId: parent.id })),
    );
    const created = await mapLimit(jobs, settings.treeBuildConcurrency, async (job) => ({
      id: (await createWorkspace({ name: `Unit ${job.label}`, parent_id: job.parentId })).id,
      label: job.label,
    }));
    parents = created;
    levels.push(created.length);
    total += created.length;
    last = created.slice(-settings.treeBuildConcurrency).map((c) => c.id);
    log(`tree: level ${levels.length} has ${created.length} workspaces (${total} in all, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const seconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  const pending = new Set(last);
  while (pending.size > 0) {
    checkInterrupted();
    if (performance.now() - t1 > settings.treeAuditCatchUpMs) throw new Error(`tree: the audit log did not list the last creates within ${settings.treeAuditCatchUpMs / 1000} s`);
    for (const id of [...pending]) {
      const listed = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=workspace.create&user_id=${encodeURIComponent(id)}`);
      if (listed.status === 200 && listed.body.data.some((entry) => entry.target.id === id)) pending.delete(id);
    }
    if (pending.size > 0) await sleep(250);
  }
  const auditCatchUpS = (performance.now() - t1) / 1000;
  log(`tree: audit log caught up ${auditCatchUpS.toFixed(1)} s after the last create`);

  const t2 = performance.now();
  const read = await api.get<WorkspaceTreeNode>(`/v1/workspaces/${root.id}/tree`);
  const firstGetMs = performance.now() - t2;
  if (read.status !== 200) throw new Error(`tree: GET /v1/workspaces/${root.id}/tree answered ${read.status}: ${read.text.slice(0, 300)}`);
  const nodes = countNodes(read.body);
  if (nodes !== total) throw new Error(`tree: GET /tree returned ${nodes} nodes, expected ${total}`);
  return {
    rootId: root.id,
    workspaces: total,
    levels,
    concurrency: settings.treeBuildConcurrency,
    seconds,
    perSec: total / seconds,
    auditCatchUpS,
    bytes: Buffer.byteLength(read.text),
    nodes,
    firstGetMs,
  };
}

/** get-tree: the whole tree from its root, over and over. */
const getTreeRequests = (rootId: string): autocannon.Request[] => [{ method: 'GET', path: `/v1/workspaces/${rootId}/tree` }];

/**
 * Revoke → refused, sequentially for `samples` fresh keys (scope keys:read): each is used until
 * the gateway has it cached, revoked (`DELETE /v1/api-keys/{id}`), and from the 204 polled back
 * to back — `POST /v1/api-keys/verify` with the key as its own caller, which needs no RPC while
 * the key is cached — until the gateway answers 401. The lag is from the 204 arriving to the 401
 * arriving, so it includes one request's latency (~1 ms). Reuses the audit lag's shape.
 */
async function measureRevokeLag(key: string, samples: number): Promise<AuditLag> {
  const admin = apiAs(key);
  const lags: number[] = [];
  let missing = 0;
  for (let i = 0; i < samples; i++) {
    checkInterrupted();
    const created = await admin.post<{ id: string; secret: string }>('/v1/api-keys', { name: `bench revoke ${i}`, scopes: ['keys:read'] });
    if (created.status !== 201) throw new Error(`revoke lag: POST /v1/api-keys answered ${created.status}`);
    const { id, secret } = created.body;
    const probe = apiAs(secret);
    const use = () => probe.post('/v1/api-keys/verify', { key: secret });
    for (let n = 0; n < 2; n++) {
      const used = await use();
      if (used.status !== 200) throw new Error(`revoke lag: a new key answered ${used.status}: ${used.text.slice(0, 200)}`);
    }
    const revoked = await admin.request('DELETE', `/v1/api-keys/${id}`);
    if (revoked.status !== 204) throw new Error(`revoke lag: DELETE /v1/api-keys/${id} answered ${revoked.status}: ${revoked.text.slice(0, 200)}`);
    const t0 = performance.now();
    let lag: number | undefined;
    while (performance.now() - t0 < settings.revokeGiveUpMs) {
      const res = await use();
      if (res.status === 401) {
        lag = performance.now() - t0;
        break;
      }
      if (res.status !== 200) log(`revoke lag: a revoked key answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    if (lag === undefined) missing++;
    else lags.push(lag);
  }
  const sorted = [...lags].sort((a, b) => a - b);
  return { samples, lags, missing, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

// ---------------------------------------------------------------------------------------------
// reporting
// ---------------------------------------------------------------------------------------------

interface Report {
  date: Date;
  machine: { cpus: number; model: string; memGiB: number; node: string; platform: string; loadBefore: number[] };
  load: LoadResult[];
  audit: AuditLag;
  /** The same measurement while create-user load runs beside it. */
  auditUnderLoad: AuditLag & { load: LoadResult };
  tree: TreeBuild;
  /** Revoke → refused (the audit lag's shape). */
  revoke: AuditLag;
  rebuild: RebuildBench;
  /** warn/error line counts per app log, and a few example lines. */
  logs: Array<{ app: string; warnings: number; errors: number; examples: string[] }>;
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');
const statusList = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');

function machineFacts(): Report['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    memGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadBefore: os.loadavg(),
  };
}

/** Counts warn/error lines in each app log (pino levels ≥ 40, kafkajs "warn"/"error"). */
function scanLogs(handles: ServiceHandle[]): Report['logs'] {
  return handles.map(({ app, logFile }) => {
    let warnings = 0;
    let errors = 0;
    const examples: string[] = [];
    let text = '';
    try {
      text = fs.readFileSync(logFile, 'utf8');
    } catch {
      // no log: nothing to count
    }
    for (const line of text.split('\n')) {
      const level = /"level":\s*(\d+|"[a-z]+")/.exec(line)?.[1]?.replace(/"/g, '');
      const isError = level === 'error' || level === 'fatal' || Number(level) >= 50;
      const isWarn = level === 'warn' || Number(level) === 40;
      if (isError) errors++;
      if (isWarn) warnings++;
      if ((isError || isWarn) && examples.length < 3) examples.push(line.slice(0, 300));
    }
    return { app, warnings, errors, examples };
  });
}

function printReport(report: Report): void {
  const rows = [
    ['scenario', 'conns', 'secs', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'],
    ...report.load.map((r) => [r.name, String(r.connections), String(r.durationS), fmt(r.reqPerSec, 1), fmt(r.p50), fmt(r.p99), String(r.total), String(r.non2xx), String(r.errors)]),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row: string[]) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ');
  const m = report.machine;
  const out = [
    '',
    `Steward bench, ${report.date.toISOString()}: ${m.cpus} CPUs (${m.model}), ${fmt(m.memGiB, 1)} GiB, node ${m.node}`,
    '',
    line(rows[0]),
    ...rows.slice(1).map(line),
    ...report.load.filter((r) => r.non2xx > 0).map((r) => `  ${r.name} non-2xx by status: ${statusList(r.statuses)}`),
    '',
    `audit lag (${report.audit.samples} sequential creates): p50 ${fmt(report.audit.p50)} ms, p99 ${fmt(report.audit.p99)} ms, ` +
      `max ${fmt(report.audit.max)} ms, not seen within ${settings.auditGiveUpMs / 1000} s: ${report.audit.missing}`,
    `audit lag under load (${report.auditUnderLoad.samples} sequential creates beside ${report.auditUnderLoad.load.connections} create connections at ${fmt(report.auditUnderLoad.load.reqPerSec, 1)} req/s): ` +
      `p50 ${fmt(report.auditUnderLoad.p50)} ms, p99 ${fmt(report.auditUnderLoad.p99)} ms, max ${fmt(report.auditUnderLoad.max)} ms, not seen: ${report.auditUnderLoad.missing}`,
    '',
    `tree: ${report.tree.workspaces} workspaces (root + ${report.tree.levels.join(' + ')}) built in ${fmt(report.tree.seconds, 1)} s ` +
      `(${fmt(report.tree.perSec, 1)} creates/s, ${report.tree.concurrency} in flight); audit caught up ${fmt(report.tree.auditCatchUpS, 1)} s later; ` +
      `GET /tree body ${fmt(report.tree.bytes)} bytes, ${report.tree.nodes} nodes, first GET ${fmt(report.tree.firstGetMs)} ms`,
    '',
    `revoke → refused (${report.revoke.samples} keys): p50 ${fmt(report.revoke.p50)} ms, p99 ${fmt(report.revoke.p99)} ms, ` +
      `max ${fmt(report.revoke.max)} ms, still accepted after ${settings.revokeGiveUpMs / 1000} s: ${report.revoke.missing}`,
    '',
    `audit rebuild: ${fmt(report.rebuild.events)} events → ${fmt(report.rebuild.entries)} entries in ${fmt(report.rebuild.seconds, 1)} s ` +
      `(${fmt(report.rebuild.perSec)} events/s), ${report.rebuild.skipped} skipped`,
    '',
    'app log warnings/errors: ' + report.logs.map((l) => `${l.app} ${l.warnings}/${l.errors}`).join(', '),
    '',
  ];
  process.stdout.write(out.join('\n') + '\n');
}

/** The head of docs/benchmarks.md when there is none yet; the file in the repository says more by hand. */
const INTRO = '# Benchmarks\n\n`npm run bench` (tools/bench/run.ts). The section below is rewritten by every run.\n';

function docsSection(report: Report): string {
  const m = report.machine;
  const [create, get, tree] = report.load;
  const t = report.tree;
  const goal = (met: boolean, text: string) => `${text} (${met ? 'met' : 'not met'})`;
  const loadRow = (r: LoadResult, what: string, target: string) =>
    `| ${r.name} | \`${what}\` | ${r.connections} | ${r.durationS} s | ${fmt(r.reqPerSec, 1)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.total} | ${r.non2xx}${r.non2xx ? ` (${statusList(r.statuses)})` : ''} | ${r.errors} | ${target} |`;
  const a = report.audit;
  const al = report.auditUnderLoad;
  const verify = report.load.filter((r) => r.name === 'verify');
  const rv = report.revoke;
  const rb = report.rebuild;
  return [
    MARK_START,
    `## Latest run: ${report.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cpus} CPUs (${m.model}), ${fmt(m.memGiB, 1)} GiB RAM, Node ${m.node}, ${m.platform}; ` +
      `load average before the run ${m.loadBefore.map((v) => v.toFixed(2)).join(' / ')} (1/5/15 min).`,
    '',
    `Settings: warm-up ${settings.warmupS} s at ${settings.warmupConnections} connections per scenario; ` +
      `create-user ${create.connections} connections × ${create.durationS} s; get-user ${get.connections} connections × ${get.durationS} s; ` +
      `audit lag ${a.samples} sequential creates ${settings.auditSpacingMs} ms apart, polled every ${settings.auditPollMs} ms, given up after ${settings.auditGiveUpMs / 1000} s; ` +
      `get-tree ${tree.connections} connections × ${tree.durationS} s; gateway ${settings.gatewayWorkers} process(es) (GATEWAY_WORKERS); ` +
      `each measurement starts once the machine's CPU has stayed below ${settings.settleBusy * 100}% for a second (at most ${settings.settleMaxMs / 1000} s of waiting).`,
    '',
    '| scenario | call | connections | duration | req/s (avg) | p50 ms | p99 ms | requests | non-2xx | errors | design goal |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    loadRow(create, 'POST /v1/users', goal(create.reqPerSec >= 500, '≥ 500/s')),
    loadRow(get, 'GET /v1/users/{id}', goal(get.reqPerSec >= 3000, '≥ 3,000/s')),
    ...verify.map((v) => loadRow(v, 'POST /v1/api-keys/verify', goal(v.reqPerSec >= 5000 && v.p99 <= 10, '≥ 5,000/s, p99 ≤ 10 ms'))),
    loadRow(tree, 'GET /v1/workspaces/{id}/tree', goal(tree.p99 < 1000, `p99 < 1,000 ms (${t.workspaces} workspaces)`)),
    '',
    '| audit lag | samples | p50 ms | p99 ms | max ms | not seen | design goal |',
    '|---|---:|---:|---:|---:|---:|---|',
    `| 201 → entry listed | ${a.samples} | ${fmt(a.p50)} | ${fmt(a.p99)} | ${fmt(a.max)} | ${a.missing} | ${goal(a.missing === 0 && a.p99 <= 250, 'p99 ≤ 250 ms')} |`,
    `| the same, under load: beside ${al.load.connections} connections of create-user load (${fmt(al.load.reqPerSec, 1)} creates/s) | ${al.samples} | ${fmt(al.p50)} | ${fmt(al.p99)} | ${fmt(al.max)} | ${al.missing} | ${goal(al.missing === 0 && al.p99 <= 250, 'p99 ≤ 250 ms')} |`,
    '',
    '| revoke → refused | samples | p50 ms | p99 ms | max ms | not refused | design goal |',
    '|---|---:|---:|---:|---:|---:|---|',
    `| 204 → 401, polled back to back, given up after ${settings.revokeGiveUpMs / 1000} s | ${rv.samples} | ${fmt(rv.p50)} | ${fmt(rv.p99)} | ${fmt(rv.max)} | ${rv.missing} | ${goal(rv.missing === 0 && rv.p99 < 1000, 'p99 < 1,000 ms (designed for < 100 ms)')} |`,
    '',
    '| workspace tree | workspaces | levels below the root | creates in flight | build time | creates/s | audit caught up after | GET /tree body | first GET |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
    `| built through \`POST /v1/workspaces\` | ${fmt(t.workspaces)} | ${t.levels.join(' / ')} | ${t.concurrency} | ${fmt(t.seconds, 1)} s | ${fmt(t.perSec, 1)} | ${fmt(t.auditCatchUpS, 1)} s | ${fmt(t.bytes / 1024)} KiB (${fmt(t.nodes)} nodes) | ${fmt(t.firstGetMs)} ms |`,
    '',
    '| projection rebuild | events | organizations | entries written | skipped | time | events/s | design goal |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    `| \`npm run projections:rebuild -- audit\` over synthetic events in 3 bench-only event stores | ${fmt(rb.events)} | ${rb.organizations} | ${fmt(rb.entries)} | ${rb.skipped} | ${fmt(rb.seconds, 1)} s | ${fmt(rb.perSec)} | ${goal(rb.skipped === 0 && rb.perSec >= 5000, '≥ 5,000/s')} |`,
    MARK_END,
  ].join('\n');
}

/** Replaces the marked section of docs/benchmarks.md (creating the file if needed). */
function writeDocs(report: Report): void {
  const section = docsSection(report);
  let text = fs.existsSync(docsFile) ? fs.readFileSync(docsFile, 'utf8') : `${INTRO}\n`;
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  if (start >= 0 && end > start) text = text.slice(0, start) + section + text.slice(end + MARK_END.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  fs.mkdirSync(path.dirname(docsFile), { recursive: true });
  fs.writeFileSync(docsFile, text);
  log(`wrote ${path.relative(repoRoot, docsFile)}`);
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

async function bench(running: Running): Promise<void> {
  const machine = machineFacts(); // load average before our stack adds to it
  const runId = Date.now().toString(36);
  const stackEnv = benchStackEnv(runId);
  const logDir = path.join(repoRoot, '.steward', 'logs', stackEnv.STEWARD_NAMESPACE);

  const infra = loadInfra();
  try {
    running.infra = await infra.ensureAll({ databases: [] }); // ours are recreated below
  } catch (error) {
    running.infra = (error as { partialState?: InfraState }).partialState;
    throw error;
  }
  const env = { ...infra.toEnv(running.infra), ...stackEnv };
  await startStack(running, env, logDir);

  const { api_key: key } = await bootstrap(env);
  log('bootstrapped organization "Bench"');

  // The testing lib's HTTP client reads the gateway address from here.
  process.env.STEWARD_TEST_GATEWAY_URL = gatewayUrl;
  const api = apiAs(key);
  const first = await api.request<UserResource>('POST', '/v1/users', { rawBody: newUserBody(runId), headers: { 'content-type': 'application/json' } });
  if (first.status !== 201) throw new Error(`POST /v1/users answered ${first.status}: ${first.text}`);
  const userId = first.body.id;
  const read = await api.get(`/v1/users/${userId}`);
  if (read.status !== 200) throw new Error(`GET /v1/users/${userId} answered ${read.status}: ${read.text}`);

  log(`warm-up: ${settings.warmupS} s per scenario`);
  await load('warm-up create', key, settings.warmupConnections, settings.warmupS, createUserRequests(runId));
  await load('warm-up get', key, settings.warmupConnections, settings.warmupS, getUserRequests(userId));

  await settle('create-user');
  log(`create-user: ${settings.createConnections} connections, ${settings.durationS} s`);
  const create = await load('create-user', key, settings.createConnections, settings.durationS, createUserRequests(runId));
  await settle('get-user');
  log(`get-user: ${settings.getConnections} connections, ${settings.durationS} s`);
  const get = await load('get-user', key, settings.getConnections, settings.durationS, getUserRequests(userId));
  await settle('audit lag');
  log(`audit lag: ${settings.auditSamples} samples`);
  const audit = await measureAuditLag(key, runId, settings.auditSamples);
  await settle('audit lag under load');
  log(`audit lag under load: ${settings.auditLoadSamples} samples beside create-user load on ${settings.auditLoadConnections} connections`);
  const auditUnderLoad = await measureAuditLagUnderLoad(key, runId);

  // Key verification and revocation, before the tree build's burst of events.
  const verified = await api.post<{ secret: string }>('/v1/api-keys', { name: 'bench verified key', scopes: ['users:read'] });
  if (verified.status !== 201) throw new Error(`POST /v1/api-keys answered ${verified.status}`);
  const verifiedKey = verified.body.secret;
  const checked = await api.post<{ valid: boolean }>('/v1/api-keys/verify', { key: verifiedKey });
  if (checked.status !== 200 || !checked.body.valid) throw new Error(`POST /v1/api-keys/verify answered ${checked.status}: ${checked.text.slice(0, 200)}`);
  await load('warm-up verify', key, settings.warmupConnections, settings.warmupS, verifyRequests(verifiedKey));
  const verify: LoadResult[] = [];
  for (const connections of settings.verifyConnections) {
    await settle('verify');
    log(`verify: ${connections} connections, ${settings.verifyDurationS} s`);
    verify.push(await load('verify', key, connections, settings.verifyDurationS, verifyRequests(verifiedKey)));
  }
  await settle('revoke → refused');
  log(`revoke → refused: ${settings.revokeSamples} keys`);
  const revoke = await measureRevokeLag(key, settings.revokeSamples);

  // Last: the build's burst of events would otherwise be in the audit projection's way above.
  log(`tree: building root + ${settings.treeFanout.join(' × ')} workspaces, ${settings.treeBuildConcurrency} creates in flight`);
  const treeBuild = await buildTree(key, runId);
  await load('warm-up tree', key, Math.min(settings.warmupConnections, settings.treeConnections), settings.warmupS, getTreeRequests(treeBuild.rootId));
  await settle('get-tree');
  log(`get-tree: ${settings.treeConnections} connections, ${settings.treeDurationS} s`);
  const getTree = await load('get-tree', key, settings.treeConnections, settings.treeDurationS, getTreeRequests(treeBuild.rootId));

  log(`rebuild: ${settings.rebuildEvents} synthetic events into bench-only event stores, then npm run projections:rebuild -- audit`);
  const rebuild = await measureRebuild(env, settings.rebuildEvents, log);

  const report: Report = { date: new Date(), machine, load: [create, get, getTree, ...verify], audit, auditUnderLoad, tree: treeBuild, revoke, rebuild, logs: scanLogs(running.apps ?? []) };
  printReport(report);
  for (const l of report.logs) for (const example of l.examples) log(`${l.app} log: ${example}`);
  writeDocs(report);
}

async function main(): Promise<number> {
  const running: Running = {};
  // One teardown, whoever asks first (the normal end or a signal); later callers wait for it.
  let teardown: Promise<void> | undefined;
  const stopOnce = () => (teardown ??= stopStack(running));

  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up`);
    currentLoad?.stop();
    // Exits by itself: the measuring code may still be waiting on something.
    void stopOnce().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await bench(running);
    return 0;
  } catch (error) {
    if (!(error instanceof Interrupted)) log(`failed: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  } finally {
    await stopOnce();
  }
}

main().then((code) => process.exit(interrupted ? 130 : code));
