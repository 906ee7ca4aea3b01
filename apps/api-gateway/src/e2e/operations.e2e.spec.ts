/**
 * Operations on the real stack (docs/operations.md): health of the gateway and of every service,
 * Prometheus metrics (HTTP by route pattern, RPC handling, consumer lag per projection, outbox
 * backlog, jobs by state), a W3C trace carried from the HTTP request into the events (and a
 * reaction's events) and the log lines of the gateway and the service, a graceful shutdown that
 * finishes a request in flight, and apps refusing to start on a bad setting, naming it.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { eventsTopic, parseTraceparent, rpcTopic, type CloudEvent, type Page, type UserResource, type WorkspaceResource } from '@steward/contracts';
import { createKafka } from '@steward/messaging';
import {
  apiAs,
  bootstrapOrganization,
  eventually,
  gatewayUrl,
  invitationJobTo,
  request,
  startTestService,
  stopTestService,
  testDatabaseName,
  testServiceLog,
  uniqueEmail,
  type BootstrapResult,
} from '@steward/testing';

type Api = ReturnType<typeof apiAs>;

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const SERVICE_PORT_VARIABLES = {
  identity: 'IDENTITY_PORT',
  workspace: 'WORKSPACE_PORT',
  'key-vault': 'KEY_VAULT_PORT',
  notification: 'NOTIFICATION_PORT',
  audit: 'AUDIT_PORT',
} as const;
type Service = keyof typeof SERVICE_PORT_VARIABLES;
const SERVICES = Object.keys(SERVICE_PORT_VARIABLES) as Service[];
const ACROSS = { timeoutMs: 30_000, intervalMs: 250 };

function serviceUrl(service: Service): string {
  return `http://127.0.0.1:${process.env[SERVICE_PORT_VARIABLES[service]]}`;
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in a Prometheus text exposition. */
function samples(text: string, name: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const braces = line.indexOf('{');
      const end = line.lastIndexOf('}');
      const labels: Record<string, string> = {};
      if (braces === name.length) {
        for (const [, key, value] of line.slice(braces + 1, end).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
      }
      return { labels, value: Number(line.slice((braces === name.length ? end : name.length) + 1).trim()) };
    });
}

function sampleWith(all: Sample[], labels: Record<string, string>): Sample | undefined {
  return all.find((s) => Object.entries(labels).every(([key, value]) => s.labels[key] === value));
}

async function metricsOf(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

let org: BootstrapResult;
let api: Api;

beforeAll(async () => {
  org = await bootstrapOrganization('Operations Co', uniqueEmail('ops-owner'));
  api = apiAs(org.api_key);
});

describe('health', () => {
  it('reports the gateway live and ready, with Kafka and every service up', async () => {
    const live = await getJson(`${gatewayUrl()}/health/live`);
    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(`${gatewayUrl()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    const details = ready.body.details as Record<string, { status: string; clients?: Record<string, string> }>;
    for (const service of SERVICES) expect(details[service]?.status).toBe('up');
    expect(details.kafka).toMatchObject({ status: 'up', clients: { 'consumer rpc-replies': 'up', 'producer rpc-requests': 'up' } });
  });

  it.each(SERVICES)('reports %s live and ready on its own port: its database and its Kafka clients', async (service) => {
    expect(await getJson(`${serviceUrl(service)}/health/live`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(`${serviceUrl(service)}/health/ready`);
    expect(ready.status).toBe(200);
    const details = ready.body.details as Record<string, { status: string; clients?: Record<string, string> }>;
    expect(details.postgres.status).toBe('up');
    expect(details.kafka.status).toBe('up');
    expect(details.kafka.clients).toMatchObject({ [`consumer ${service}.rpc`]: 'up', [`producer ${service}.rpc-replies`]: 'up' });
  });

  it('lists the outbox producer and the projections’ consumers among the Kafka clients that must be up', async () => {
    const clientsOf = async (service: Service) =>
      ((await getJson(`${serviceUrl(service)}/health/ready`)).body.details as Record<string, { clients?: Record<string, string> }>).kafka.clients;
    expect(await clientsOf('identity')).toMatchObject({ 'producer identity.outbox': 'up' });
    expect(await clientsOf('audit')).toMatchObject({ 'consumer audit': 'up', 'consumer event-feed': 'up' });
    expect(await clientsOf('notification')).toMatchObject({ 'consumer notification': 'up', 'consumer notification-recipients': 'up' });
  });
});

describe('metrics', () => {
  it('measures gateway requests by route pattern and status — native routes included — never by raw URL', async () => {
    const created = await api.post<UserResource>('/v1/users', { name: 'Metered', email: uniqueEmail('metered'), role: 'viewer', send_invitation: false });
    expect(created.status).toBe(201);
    expect((await api.get(`/v1/users/${created.body.id}`)).status).toBe(200);
    expect((await api.get('/v1/users/usr_doesnotexist')).status).toBe(404);
    expect((await api.post('/v1/api-keys/verify', { key: org.api_key })).status).toBe(200);

    const text = await metricsOf(gatewayUrl());
    const counts = samples(text, 'http_request_duration_seconds_count');
    expect(sampleWith(counts, { method: 'GET', route: '/v1/users/:id', status: '200', service: 'api-gateway' })?.value).toBeGreaterThanOrEqual(1);
    expect(sampleWith(counts, { method: 'GET', route: '/v1/users/:id', status: '404' })?.value).toBeGreaterThanOrEqual(1);
    expect(sampleWith(counts, { method: 'POST', route: '/v1/users', status: '201' })?.value).toBeGreaterThanOrEqual(1);
    expect(sampleWith(counts, { method: 'POST', route: '/v1/api-keys/verify', status: '200' })?.value).toBeGreaterThanOrEqual(1);
    expect(samples(text, 'http_request_duration_seconds_bucket').length).toBeGreaterThan(0);
    expect(text).not.toContain(created.body.id);
    expect(text).not.toContain('usr_doesnotexist');
    // Node's process metrics come along.
    expect(samples(text, 'process_cpu_seconds_total').length).toBe(1);
  });

  it('measures RPC handling per RPC name and outcome in the service, and its HTTP requests', async () => {
    expect((await api.get('/v1/users/usr_missing')).status).toBe(404);
    const text = await metricsOf(serviceUrl('identity'));
    const counts = samples(text, 'steward_rpc_handling_duration_seconds_count');
    expect(sampleWith(counts, { rpc: 'users.get', outcome: 'not_found', service: 'identity' })?.value).toBeGreaterThanOrEqual(1);
    expect(sampleWith(counts, { rpc: 'users.create', outcome: 'ok' })?.value).toBeGreaterThanOrEqual(1);
    expect(sampleWith(samples(text, 'http_request_duration_seconds_count'), { route: '/health/ready', status: '200' })?.value).toBeGreaterThanOrEqual(1);
  });

  it('shows the Kafka consumer lag of every projection, caught up after the work is done', async () => {
    const expected: Array<[Service, string, string]> = [
      ['audit', 'audit', eventsTopic('identity')],
      ['audit', 'audit', eventsTopic('key-vault')],
      ['audit', 'event-feed', eventsTopic('workspace')],
      ['notification', 'notification', eventsTopic('identity')],
      ['notification', 'notification-recipients', eventsTopic('workspace')],
      ['workspace', 'workspace.rpc', rpcTopic('workspace')],
    ];
    for (const [service, consumer, topic] of expected) {
      await eventually(
        async () => {
          const lag = sampleWith(samples(await metricsOf(serviceUrl(service)), 'steward_kafka_consumer_lag'), { consumer, topic });
          return lag?.value === 0 ? lag : undefined;
        },
        { what: `${service}'s ${consumer} lag on ${topic} to be 0`, ...ACROSS },
      );
    }
  });

  it('shows the outbox backlog of the services that append events, drained once published', async () => {
    for (const service of ['identity', 'workspace', 'key-vault'] as const) {
      await eventually(async () => (sampleWith(samples(await metricsOf(serviceUrl(service)), 'steward_outbox_backlog'), {})?.value === 0 ? true : undefined), {
        what: `${service}'s outbox backlog to be 0`,
        ...ACROSS,
      });
      expect(samples(await metricsOf(serviceUrl(service)), 'steward_outbox_oldest_age_seconds')).toHaveLength(1);
    }
    // Audit appends no events: no outbox metric to mislead.
    expect(samples(await metricsOf(serviceUrl('audit')), 'steward_outbox_backlog')).toHaveLength(0);
  });

  it('counts jobs by type and state', async () => {
    const email = uniqueEmail('ops-invitee');
    expect((await api.post('/v1/users', { name: 'Invitee', email, role: 'viewer' })).status).toBe(201);
    await eventually(async () => ((await invitationJobTo(api, email))?.state === 'done' ? true : undefined), { what: 'the invitation email job to be done', ...ACROSS });
    const done = await eventually(
      async () => {
        const jobs = samples(await metricsOf(serviceUrl('notification')), 'steward_jobs');
        const sample = sampleWith(jobs, { type: 'email.invitation', state: 'done' });
        return sample && sample.value >= 1 ? jobs : undefined;
      },
      { what: 'the jobs gauge to count the done job', ...ACROSS },
    );
    // Every state of every type has a series, zero or not.
    for (const state of ['queued', 'retry', 'dead', 'done']) expect(sampleWith(done, { type: 'email.destination_key', state })).toBeDefined();
  });
});

describe('GATEWAY_METRICS_PORT', () => {
  it('moves the gateway’s /metrics to a port of its own, off the public port', async () => {
    // A second gateway of this run (its own topic namespace, so it serves nobody), on spare ports of the slot.
    const publicPort = Number(new URL(gatewayUrl()).port) + 8;
    const metricsPort = publicPort + 1;
    const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'tools/register.js'), path.join(REPO_ROOT, 'apps/api-gateway/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, STEWARD_NAMESPACE: `${process.env.STEWARD_NAMESPACE}-metrics-port`, GATEWAY_PORT: String(publicPort), GATEWAY_METRICS_PORT: String(metricsPort) },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const metrics = await eventually(
        async () => fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => (r.status === 200 ? r.text() : undefined), () => undefined),
        { what: 'the metrics port to answer', timeoutMs: 60_000, intervalMs: 250 },
      );
      expect(metrics).toContain('process_cpu_seconds_total{service="api-gateway"}');
      await eventually(async () => fetch(`http://127.0.0.1:${publicPort}/health/live`).then((r) => (r.status === 200 ? true : undefined), () => undefined), {
        what: 'the public port to answer',
        timeoutMs: 60_000,
      });
      const onPublicPort = await fetch(`http://127.0.0.1:${publicPort}/metrics`);
      expect(onPublicPort.status).toBe(404);
      expect(await onPublicPort.json()).toMatchObject({ error: { code: 'not_found' } });
      expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/users`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('tracing', () => {
  const traceId = () => Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');

  it('carries the caller’s trace into the response, the events of the request and of its reactions, and the log lines', async () => {
    const workspace = await api.post<WorkspaceResource>('/v1/workspaces', { name: `Traced ${Date.now()}` });
    expect(workspace.status).toBe(201);
    const trace = traceId();
    const incoming = `00-${trace}-1111111111111111-01`;
    const requestId = `ops-trace-${Date.now()}`;
    const created = await api.post<UserResource>(
      '/v1/users',
      { name: 'Traced', email: uniqueEmail('traced'), role: 'viewer', send_invitation: false, workspace_ids: [workspace.body.id] },
      { traceparent: incoming, 'x-request-id': requestId },
    );
    expect(created.status).toBe(201);

    // The response names the gateway's span: the same trace, a span of its own.
    const answered = parseTraceparent(created.headers.get('traceparent'));
    expect(answered?.traceId).toBe(trace);
    expect(answered?.spanId).not.toBe('1111111111111111');

    // The RPC request to identity carried it as a Kafka header (and in its context).
    const rpcMessage = await rpcRequestTo('identity', requestId);
    expect(rpcMessage.headers.traceparent).toBe(created.headers.get('traceparent'));
    expect(rpcMessage.context.traceparent).toBe(created.headers.get('traceparent'));

    // The event of the request carries the trace (CloudEvents `traceparent` extension) …
    const feed = async (type: string) => (await api.get<Page<CloudEvent>>(`/v1/events?type=${type}&limit=100`)).body.data;
    const userCreated = await eventually(async () => (await feed('user.created')).find((e) => e.subject === created.body.id), { what: 'user.created in the feed', ...ACROSS });
    expect(userCreated.traceparent).toBe(created.headers.get('traceparent'));
    // … and so does the event store's metadata of it.
    const identityDb = new Client({ connectionString: databaseUrl('identity') });
    await identityDb.connect();
    try {
      const { rows } = await identityDb.query(`SELECT metadata->>'traceparent' AS traceparent FROM events WHERE event_id = $1`, [userCreated.id]);
      expect(rows).toEqual([{ traceparent: userCreated.traceparent }]);
    } finally {
      await identityDb.end();
    }

    // The reaction in another service (the membership the user got) continues the trace, in a span of its own.
    const memberAdded = await eventually(
      async () => (await feed('workspace.member_added')).find((e) => (e.data as { user_id?: string }).user_id === created.body.id),
      { what: 'workspace.member_added in the feed', ...ACROSS },
    );
    expect(memberAdded.causationid).toBe(userCreated.id);
    expect(parseTraceparent(memberAdded.traceparent)?.traceId).toBe(trace);
    expect(parseTraceparent(memberAdded.traceparent)?.spanId).not.toBe(answered?.spanId);

    // Log lines of the gateway and of the service for this request name the trace.
    const linesOf = (app: string) =>
      testServiceLog(app)
        .split('\n')
        .filter((line) => line.includes(requestId))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const gatewayLines = await eventually(async () => {
      const lines = linesOf('api-gateway');
      return lines.some((l) => l.msg === 'request completed') ? lines : undefined;
    }, { what: 'the gateway access line', ...ACROSS });
    for (const line of gatewayLines) expect(line.trace_id).toBe(trace);
    const identityLines = await eventually(async () => {
      const lines = linesOf('identity');
      return lines.some((l) => l.rpc === 'users.create' && l.msg === 'rpc handled') ? lines : undefined;
    }, { what: 'identity’s line for the request', ...ACROSS });
    for (const line of identityLines) expect(line.trace_id).toBe(trace);
  });

  it('carries the trace of the request that caused an email into the email job’s log lines', async () => {
    const api = apiAs(org.api_key);
    const trace = traceId();
    const email = uniqueEmail('traced-mail');
    const created = await request('POST', '/v1/users', {
      key: org.api_key,
      body: { name: 'Traced Mail', email, role: 'viewer' },
      headers: { traceparent: `00-${trace}-2222222222222222-01` },
    });
    expect(created.status).toBe(201);
    const job = await eventually(async () => {
      const found = await invitationJobTo(api, email);
      return found?.state === 'done' ? found : undefined;
    }, { what: 'the invitation email job to be done', ...ACROSS });
    const jobLines = testServiceLog('notification')
      .split('\n')
      .filter((line) => line.includes(job.id))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(jobLines.some((line) => line.msg === 'job done')).toBe(true);
    for (const line of jobLines) expect(line.trace_id).toBe(trace);
  });

  it('starts a new trace for a request without a valid traceparent', async () => {
    const res = await request('GET', '/v1/users?limit=1', { key: org.api_key, headers: { traceparent: '00-00000000000000000000000000000000-1111111111111111-01' } });
    expect(res.status).toBe(200);
    const answered = parseTraceparent(res.headers.get('traceparent'));
    expect(answered?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(answered?.traceId).not.toBe('0'.repeat(32));
    // Errors carry it too.
    const missing = await request('GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(parseTraceparent(missing.headers.get('traceparent'))).toBeDefined();
  });
});

/** The RPC request message of one HTTP request on a service's request topic: its headers and its context. */
async function rpcRequestTo(service: Service, requestId: string): Promise<{ headers: Record<string, string>; context: { traceparent?: string } }> {
  const consumer = createKafka('operations-e2e').consumer({ groupId: `${process.env.STEWARD_NAMESPACE}.operations-e2e-${Date.now()}`, sessionTimeout: 6000, heartbeatInterval: 2000 });
  let found: { headers: Record<string, string>; context: { traceparent?: string } } | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: rpcTopic(service), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString('utf8') ?? '{}') as { context?: { request_id?: string; traceparent?: string } };
        if (value.context?.request_id !== requestId) return;
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, header]) => [name, String(header)]));
        found = { headers, context: value.context };
      },
    });
    return await eventually(async () => found, { what: `the ${service} RPC request of ${requestId}`, ...ACROSS });
  } finally {
    await consumer.disconnect();
  }
}

function databaseUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${testDatabaseName(database)}`;
  return url.toString();
}

/** A POST whose body is sent in two parts, so the request is in flight at the gateway in between. */
function postInTwoParts(pathname: string, body: unknown, key: string): { accepted: Promise<void>; finish: () => void; response: Promise<{ status: number; body: unknown; connection?: string }> } {
  const url = new URL(pathname, gatewayUrl());
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const req = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    agent: false,
    // The server answers `100 Continue` once it has read the request's head: the request is in.
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': String(payload.length), expect: '100-continue' },
  });
  const accepted = new Promise<void>((resolve, reject) => {
    req.once('continue', () => resolve());
    req.once('error', reject);
  });
  const response = new Promise<{ status: number; body: unknown; connection?: string }>((resolve, reject) => {
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), connection: res.headers.connection }));
      res.on('error', reject);
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  return {
    accepted: accepted.then(() => void req.write(payload.subarray(0, half))),
    finish: () => req.end(payload.subarray(half)),
    response,
  };
}

/** Whether the gateway still accepts new connections. */
function acceptsConnections(): Promise<boolean> {
  const url = new URL('/health/live', gatewayUrl());
  return new Promise((resolve) => {
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('error', () => resolve(false));
  });
}

describe('graceful shutdown', () => {
  afterAll(async () => {
    // Whatever happened above, the next spec gets a whole stack.
    await startTestService('api-gateway').catch((error: unknown) => {
      if (!/still running/.test(String(error))) throw error;
    });
  });

  it('finishes a request in flight when the gateway is stopped: the client gets its 201 and the user exists', async () => {
    const email = uniqueEmail('in-flight');
    const post = postInTwoParts('/v1/users', { name: 'In flight', email, role: 'viewer', send_invitation: false }, org.api_key);
    await post.accepted;

    const stopped = stopTestService('api-gateway', 'SIGTERM');
    // The gateway is shutting down once it refuses new connections; our request is still open.
    await eventually(async () => ((await acceptsConnections()) ? undefined : true), { what: 'the gateway to stop accepting connections', timeoutMs: 15_000, intervalMs: 50 });
    post.finish();
    const answered = await post.response;
    expect(answered.status).toBe(201);
    expect(answered.connection).toBe('close');
    const user = answered.body as UserResource;
    await stopped;
    expect(testServiceLog('api-gateway')).toContain('requests in flight finished');

    await startTestService('api-gateway');
    const fetched = await api.get<UserResource>(`/v1/users/${user.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.email).toBe(email);
  });
});

describe('configuration', () => {
  /** Starts an app with one setting changed; it must exit at once. */
  function startWith(app: string, settings: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'tools/register.js'), path.join(REPO_ROOT, `apps/${app}/src/main.ts`)], {
        cwd: REPO_ROOT,
        // Should a bad value slip through, the app must not join the running stack.
        env: { ...process.env, STEWARD_NAMESPACE: `${process.env.STEWARD_NAMESPACE}-config-check`, GATEWAY_PORT: '0', [SERVICE_PORT_VARIABLES.identity]: '0', ...settings },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdout.resume();
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }

  it.each([
    ['api-gateway', { GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT'],
    ['api-gateway', { API_KEY_CACHE_TTL_MS: '-5' }, 'API_KEY_CACHE_TTL_MS'],
    ['api-gateway', { TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    ['identity', { INVITATION_TTL_DAYS: '0' }, 'INVITATION_TTL_DAYS'],
    ['notification', { MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
    ['key-vault', { DB_POOL_SIZE: 'lots' }, 'DB_POOL_SIZE'],
    ['audit', { KAFKA_BROKERS: 'kafka-without-port' }, 'KAFKA_BROKERS'],
    ['workspace', { LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
  ])('%s refuses to start with %j, naming the variable, without a stack trace', async (app, settings, variable) => {
    const { code, stderr } = await startWith(app, settings);
    expect(code).toBe(78);
    expect(stderr).toContain(`${app}: configuration error: ${variable}`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('names every bad variable at once', async () => {
    const { code, stderr } = await startWith('api-gateway', { GATEWAY_PORT: '99999', KEY_USAGE_FLUSH_MS: 'soon' });
    expect(code).toBe(78);
    expect(stderr).toContain('GATEWAY_PORT');
    expect(stderr).toContain('KEY_USAGE_FLUSH_MS');
  });
});
