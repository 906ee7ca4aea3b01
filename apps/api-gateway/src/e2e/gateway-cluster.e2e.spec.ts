/**
 * The gateway as several processes on one port (GATEWAY_WORKERS=2, node:cluster), on the real
 * stack: every worker authenticates through its own event-fed key cache and drops a revoked key;
 * `/metrics` counts the requests of all workers whichever one serves the scrape; a crashed worker
 * is replaced while the other keeps serving; SIGTERM stops every worker, and so does the loss of
 * the primary (kill -9).
 *
 * Requests go out on a new connection each (`agent: false`): the primary hands connections to
 * the workers in turn, so consecutive requests reach both.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { ApiKeyResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, isProcessAlive, startExtraGateway, stopTestService, testExtraGatewayPort, uniqueEmail, type BootstrapResult } from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret: string };

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;
let gateway: { name: string; url: string; logFile: string; pid: number } | undefined;

/** One request on a connection of its own (so the cluster's round-robin spreads them). */
function freshRequest(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: string }> {
  const url = new URL(path, gateway?.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent: false, headers: { authorization: `Bearer ${key}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function workerPids(primary: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

/** True once the primary logged that this worker listens. */
function workerListening(logFile: string, pid: number): boolean {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .some((line) => line.includes(`"worker_pid":${pid}`) && line.includes('worker listening'));
}

/** The verify route's request count in the gateway's `/metrics` (all statuses). */
async function verifyCount(): Promise<number> {
  const res = await freshRequest('GET', '/metrics', org.api_key);
  expect(res.status).toBe(200);
  return res.body
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes('route="/v1/api-keys/verify"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

async function startClusteredGateway(): Promise<NonNullable<typeof gateway>> {
  const started = await startExtraGateway(testExtraGatewayPort(0), { GATEWAY_WORKERS: '2' });
  gateway = started;
  // Ready means one worker answered; wait until both listen (the primary's log says so).
  await eventually(
    async () => {
      const pids = workerPids(started.pid);
      return pids.length === 2 && pids.every((pid) => workerListening(started.logFile, pid)) ? true : undefined;
    },
    { what: 'two gateway workers listening', timeoutMs: 60_000 },
  );
  return started;
}

beforeAll(async () => {
  org = await bootstrapOrganization('Cluster Inc', uniqueEmail('cluster'));
  admin = apiAs(org.api_key);
}, 180_000);

afterAll(async () => {
  if (gateway) await stopTestService(gateway.name);
});

describe('the gateway as two processes on one port (GATEWAY_WORKERS=2)', () => {
  beforeAll(async () => {
    await startClusteredGateway();
  }, 180_000);

  it('refuses a revoked key through every worker, after each had it cached', async () => {
    const created = await admin.post<CreatedKey>('/v1/api-keys', { name: 'cluster key', scopes: ['users:read'] });
    expect(created.status).toBe(201);
    for (let i = 0; i < 10; i++) expect((await freshRequest('GET', '/v1/users?limit=1', created.body.secret)).status).toBe(200);

    expect((await admin.request('DELETE', `/v1/api-keys/${created.body.id}`)).status).toBe(204);
    await eventually(async () => ((await freshRequest('GET', '/v1/users?limit=1', created.body.secret)).status === 401 ? true : undefined), { what: 'the revoked key refused' });
    // From then on, whichever worker the connection lands on.
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await freshRequest('GET', '/v1/users?limit=1', created.body.secret)).status);
    expect(statuses).toEqual(Array(10).fill(401));
  });

  it('/metrics counts the requests of both workers, whichever serves the scrape', async () => {
    const before = await verifyCount();
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push((await freshRequest('POST', '/v1/api-keys/verify', org.api_key, { key: org.api_key })).status);
    expect(answers).toEqual(Array(20).fill(200));
    // Each worker served about half; only the sum over both adds up to 20.
    for (let scrape = 0; scrape < 2; scrape++) expect((await verifyCount()) - before).toBe(20);
  });

  it('replaces a worker that crashes (kill -9) while the other keeps serving', async () => {
    const primary = gateway!.pid;
    const [victim, survivor] = workerPids(primary);
    process.kill(victim, 'SIGKILL');
    await eventually(async () => (isProcessAlive(victim) ? undefined : true), { what: 'the killed worker gone' });
    for (let i = 0; i < 6; i++) expect((await freshRequest('POST', '/v1/api-keys/verify', org.api_key, { key: org.api_key })).status).toBe(200);

    const replaced = await eventually(
      async () => {
        const pids = workerPids(primary);
        return pids.length === 2 && !pids.includes(victim) ? pids : undefined;
      },
      { what: 'a replacement worker', timeoutMs: 60_000 },
    );
    expect(replaced).toContain(survivor);
    const [replacement] = replaced.filter((pid) => pid !== survivor);
    // The primary hands it connections once it listens (its Nest app has started).
    await eventually(async () => (workerListening(gateway!.logFile, replacement) ? true : undefined), { what: 'the replacement listening', timeoutMs: 60_000 });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await freshRequest('GET', '/v1/users?limit=1', org.api_key)).status);
    expect(statuses).toEqual(Array(6).fill(200));
  });

  it('stops every worker on SIGTERM', async () => {
    const primary = gateway!.pid;
    const workers = workerPids(primary);
    expect(workers).toHaveLength(2);
    await stopTestService(gateway!.name);
    gateway = undefined;
    expect(isProcessAlive(primary)).toBe(false);
    for (const worker of workers) expect(isProcessAlive(worker)).toBe(false);
  });
});

describe('losing the primary (kill -9)', () => {
  it('stops its workers, so the port closes instead of serving unsupervised', async () => {
    const started = await startClusteredGateway();
    const workers = workerPids(started.pid);
    process.kill(started.pid, 'SIGKILL');
    for (const worker of workers) await eventually(async () => (isProcessAlive(worker) ? undefined : true), { what: `worker ${worker} gone`, timeoutMs: 40_000 });
    await expect(freshRequest('GET', '/health/live', org.api_key)).rejects.toThrow();
    gateway = undefined;
  }, 180_000);
});
