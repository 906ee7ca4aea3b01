/**
 * The OpenAPI document against the running gateway. `/openapi.json` is a valid OpenAPI 3.1
 * document; every route of the gateway's real Fastify route table (Nest controllers and native
 * routes alike) is in it, and nothing else; then a representative call of every documented
 * operation — its success and its typical errors — is made on the real stack, and every live
 * response is checked against the document: its status documented, its body valid against the
 * documented schema (with every object closed: an undocumented field fails), its documented
 * required headers present.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiKeyResource, InvitationResource, JobResource, Page, UserResource, WorkspaceResource } from '@steward/contracts';
import {
  bootstrapOrganization,
  eventually,
  gatewayUrl,
  invitationTokens,
  OpenApiConformance,
  openApi31Problems,
  request,
  uniqueEmail,
  type ApiResponse,
  type BootstrapResult,
} from '@steward/testing';
import { buildOfflineGateway } from '../openapi/offline-gateway';

type Json = Record<string, unknown>;

let document: Json & { paths: Record<string, Record<string, Json>> };
let conformance: OpenApiConformance;
let org: BootstrapResult;
let readOnlyKey: string;

/** Every response's problems against the document, and what each operation answered. */
const problems: string[] = [];
const answered = new Map<string, number[]>();

/** A request to the stack's gateway, its response checked against the document. */
async function call<T = Json>(method: string, url: string, options: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const key = options.key === undefined ? org.api_key : (options.key ?? undefined);
  const res = await request<T>(method, url, { key, body: options.body, rawBody: options.rawBody, headers: options.headers });
  const found = conformance.find(method, url);
  if (found) answered.set(`${found.method} ${found.path}`, [...(answered.get(`${found.method} ${found.path}`) ?? []), res.status]);
  problems.push(...conformance.check(method, url, res));
  return res;
}

function expectStatus(res: ApiResponse, status: number) {
  expect({ status: res.status, body: res.status === status ? undefined : res.text }).toEqual({ status, body: undefined });
}

const invitationToken = async (address: string): Promise<string> => (await invitationTokens(address))[0];

beforeAll(async () => {
  const res = await request<typeof document>('GET', '/openapi.json');
  expect(res.status).toBe(200);
  document = res.body;
  conformance = new OpenApiConformance(document);
  org = await bootstrapOrganization('OpenAPI Inc', uniqueEmail('openapi-owner'));
  const key = await request<ApiKeyResource & { secret: string }>('POST', '/v1/api-keys', { key: org.api_key, body: { name: 'read only', scopes: ['users:read'] } });
  readOnlyKey = key.body.secret;
});

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, and its schemas compile', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(openApi31Problems(document)).toEqual([]);
  });

  it('has every route of the gateway, with its method, and no route the gateway does not have', async () => {
    // The gateway built and initialised in this process the way main.ts builds it (its modules
    // connect to the test stack's Kafka and Redis), every route recorded as Fastify registers it.
    const gateway = await buildOfflineGateway({ initialise: true });
    await gateway.close();
    const routes = new Set(
      gateway.routes
        .filter((route) => route.method !== 'HEAD' && !route.url.startsWith('/docs'))
        .map((route) => `${route.method} ${route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    const documented = new Set(conformance.operations.map((op) => `${op.method} ${op.path}`));
    expect([...routes].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((operation) => !routes.has(operation))).toEqual([]);
  });

  it('is served without a key, and rendered at /docs with assets served by the gateway itself (no CDN)', async () => {
    const page = await request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true);
      expect((await fetch(`${gatewayUrl()}${asset}`)).status).toBe(200);
    }
    expect(page.text).toContain("url: '/openapi.json'");
  });
});

describe('live responses conform to the document', () => {
  it('service: health, metrics, the documents', async () => {
    expectStatus(await call('GET', '/health/live', { key: null }), 200);
    expectStatus(await call('GET', '/health/ready', { key: null }), 200);
    expectStatus(await call('GET', '/asyncapi.json', { key: null }), 200);
    expectStatus(await call('GET', '/openapi.json', { key: null }), 200);
    if (conformance.find('GET', '/metrics')) expectStatus(await call('GET', '/metrics', { key: null }), 200);
  });

  it('users, their history and sign-ins, and the typical errors 400, 401, 403, 404, 409, 412', async () => {
    const email = uniqueEmail('oas-user');
    const created = await call<UserResource>('POST', '/v1/users', { body: { name: 'Oas User', email, role: 'editor', send_invitation: false } });
    expectStatus(created, 201);
    const path = `/v1/users/${created.body.id}`;
    expectStatus(await call('GET', '/v1/users?limit=2'), 200);
    expectStatus(await call('GET', `/v1/users?status=active&q=oas&limit=100`), 200);
    expectStatus(await call('GET', path), 200);
    expectStatus(await call('GET', `${path}?as_of=${encodeURIComponent(new Date().toISOString())}`), 200);
    expectStatus(await call('PATCH', path, { body: { name: 'Oas User 2' }, headers: { 'if-match': '"1"' } }), 200);
    expectStatus(await call('GET', `${path}/history`), 200);
    expectStatus(await call('POST', `${path}/sign-ins`, { body: { ip: '203.0.113.7', user_agent: 'curl/8', method: 'password', success: true } }), 201);
    expectStatus(await call('GET', `${path}/sign-in-activity`), 200);

    expectStatus(await call('POST', '/v1/users', { body: { name: 'Bad', email: 'not-an-email', role: 'editor' } }), 400);
    expectStatus(await call('POST', '/v1/users', { rawBody: '{"name":', headers: { 'content-type': 'application/json' } }), 400);
    expectStatus(await call('GET', '/v1/users?limit=1000'), 400);
    expectStatus(await call('GET', '/v1/users', { key: null }), 401);
    expectStatus(await call('GET', '/v1/users', { key: 'sk_live_not_a_real_key_at_all_0000000000000000' }), 401);
    expectStatus(await call('POST', '/v1/users', { key: readOnlyKey, body: { name: 'No', email: uniqueEmail('oas-no'), role: 'viewer' } }), 403);
    expectStatus(await call('GET', '/v1/users/usr_01jdq3c2m5f8ve4r0s6t7w9x1y'), 404);
    expectStatus(await call('POST', '/v1/users', { body: { name: 'Twin', email: email.toUpperCase(), role: 'viewer' } }), 409);
    expectStatus(await call('PATCH', path, { body: { name: 'Stale' }, headers: { 'if-match': '"1"' } }), 412);
    expectStatus(await call('POST', '/v1/users', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    const current = await call('GET', path);
    expectStatus(await call('DELETE', path, { headers: { 'if-match': current.headers.get('etag') as string } }), 204);
  });

  it('invitations: list, resend, revoke, accept and decline by token', async () => {
    const invitee = async (label: string) => {
      const email = uniqueEmail(label);
      const user = await call<UserResource>('POST', '/v1/users', { body: { name: `Oas ${label}`, email, role: 'viewer' } });
      expectStatus(user, 201);
      return { user: user.body, email };
    };
    const resent = await invitee('oas-resent');
    const reissued = await call<InvitationResource>('POST', `/v1/users/${resent.user.id}/resend-invitation`);
    expectStatus(reissued, 200);
    expectStatus(await call('GET', '/v1/invitations?status=pending&limit=100'), 200);
    expectStatus(await call('DELETE', `/v1/invitations/${reissued.body.id}`), 204);

    const accepting = await invitee('oas-accepter');
    expectStatus(await call('POST', '/v1/invitations/accept', { key: null, body: { token: await invitationToken(accepting.email) } }), 200);
    const declining = await invitee('oas-decliner');
    expectStatus(await call('POST', '/v1/invitations/decline', { key: null, body: { token: await invitationToken(declining.email) } }), 200);
    expectStatus(await call('POST', '/v1/invitations/accept', { key: null, body: { token: 'garbage' } }), 410);
    expectStatus(await call('POST', '/v1/invitations/decline', { key: null, body: {} }), 400);
  });

  it('roles and managers', async () => {
    expectStatus(await call('GET', '/v1/roles'), 200);
    expectStatus(await call('GET', '/v1/roles/editor'), 200);
    const role = await call<Json>('POST', '/v1/roles', { body: { name: `Oas role ${Date.now()}`, description: 'Reads users', permissions: ['users:read'] } });
    expectStatus(role, 201);
    expectStatus(await call('GET', `/v1/roles/${role.body.id}`), 200);
    expectStatus(await call('PATCH', `/v1/roles/${role.body.id}`, { body: { description: null } }), 200);
    expectStatus(await call('PATCH', '/v1/roles/owner', { body: { name: 'Boss' } }), 409);

    const user = await call<UserResource>('POST', '/v1/users', { body: { name: 'Oas Manager', email: uniqueEmail('oas-mgr'), role: 'viewer', send_invitation: false } });
    const manager = await call<Json>('POST', '/v1/managers', { body: { user_id: user.body.id, role_id: role.body.id } });
    expectStatus(manager, 201);
    expectStatus(await call('GET', '/v1/managers'), 200);
    expectStatus(await call('GET', `/v1/managers/${manager.body.id}`), 200);
    expectStatus(await call('DELETE', `/v1/roles/${role.body.id}`), 409);
    expectStatus(await call('PATCH', `/v1/managers/${manager.body.id}`, { body: { role_id: 'editor' } }), 200);
    expectStatus(await call('DELETE', `/v1/managers/${manager.body.id}`), 204);
    expectStatus(await call('DELETE', `/v1/roles/${role.body.id}`), 204);
  });

  it('workspaces, their tree and members, templates', async () => {
    const parent = await call<WorkspaceResource>('POST', '/v1/workspaces', { body: { name: 'Oas Engineering' } });
    expectStatus(parent, 201);
    const child = await call<WorkspaceResource>('POST', '/v1/workspaces', { body: { name: 'Oas Platform', parent_id: parent.body.id } });
    expectStatus(child, 201);
    expectStatus(await call('GET', `/v1/workspaces?parent_id=${parent.body.id}`), 200);
    expectStatus(await call('GET', `/v1/workspaces/${child.body.id}`), 200);
    expectStatus(await call('GET', `/v1/workspaces/${parent.body.id}/tree`), 200);
    expectStatus(await call('PATCH', `/v1/workspaces/${child.body.id}`, { body: { name: 'Oas Platform Team', parent_id: null } }), 200);
    expectStatus(await call('PATCH', `/v1/workspaces/${parent.body.id}`, { body: { parent_id: parent.body.id } }), 409);

    const member = await call<UserResource>('POST', '/v1/users', {
      body: { name: 'Oas Member', email: uniqueEmail('oas-member'), role: 'viewer', send_invitation: false, workspace_ids: [parent.body.id] },
    });
    expectStatus(member, 201);
    await eventually(async () => {
      const members = await call<Page<Json>>('GET', `/v1/workspaces/${parent.body.id}/members`);
      return members.body.data.some((m) => m.user_id === member.body.id) ? true : undefined;
    }, { what: 'the new member in the workspace' });
    expectStatus(await call('DELETE', `/v1/workspaces/${parent.body.id}/members/${member.body.id}`), 204);
    expectStatus(await call('POST', `/v1/workspaces/${parent.body.id}/invitations`, { body: { email: uniqueEmail('oas-ws-invitee'), role: 'editor' } }), 201);

    const template = await call<Json>('POST', '/v1/templates', { body: { name: 'Oas template', workspace_id: parent.body.id, content: { subject: 'Hi', blocks: [1, { a: null }] } } });
    expectStatus(template, 201);
    const templatePath = `/v1/templates/${template.body.id}`;
    expectStatus(await call('GET', `/v1/templates?workspace_id=${parent.body.id}`), 200);
    expectStatus(await call('GET', templatePath), 200);
    expectStatus(await call('PATCH', templatePath, { body: { description: 'Now described', content: { subject: 'Hello' } } }), 200);
    expectStatus(await call('GET', `${templatePath}/history`), 200);
    expectStatus(await call('POST', '/v1/templates', { body: { name: 'No content', workspace_id: parent.body.id } }), 400);
    expectStatus(await call('DELETE', templatePath), 204);

    expectStatus(await call('DELETE', `/v1/workspaces/${child.body.id}`), 204);
    expectStatus(await call('DELETE', `/v1/workspaces/${parent.body.id}?cascade=true`), 204);
  });

  it('API keys and destinations', async () => {
    const workspace = await call<WorkspaceResource>('POST', '/v1/workspaces', { body: { name: 'Oas Keys' } });
    // Key-vault learns of the workspace from its events: 400 until it has (a documented answer too).
    const destination = await eventually(async () => {
      const res = await call<Json>('POST', '/v1/destinations', { body: { name: 'Oas sink', workspace_id: workspace.body.id } });
      return res.status === 201 ? res : undefined;
    }, { what: 'key-vault to know the new workspace' });
    const destinationPath = `/v1/destinations/${destination.body.id}`;
    const key = await call<ApiKeyResource & { secret: string }>('POST', '/v1/api-keys', {
      body: { name: 'Oas key', scopes: ['users:read'], destination_id: destination.body.id, expires_at: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expectStatus(key, 201);
    const keyPath = `/v1/api-keys/${key.body.id}`;
    expectStatus(await call('GET', '/v1/api-keys?status=active'), 200);
    expectStatus(await call('GET', keyPath), 200);
    expectStatus(await call('POST', `${keyPath}/rotate`, { body: { grace_seconds: 60 } }), 200);
    expectStatus(await call('POST', '/v1/api-keys/verify', { body: { key: key.body.secret } }), 200);
    expectStatus(await call('POST', '/v1/api-keys/verify', { body: { key: 'sk_live_nope' } }), 200);
    expectStatus(await call('POST', '/v1/api-keys/verify', { body: { key: 1 } }), 400);
    expectStatus(await call('POST', '/v1/api-keys', { key: readOnlyKey, body: { name: 'No', scopes: ['users:read'] } }), 403);

    const retrieval = await call<ApiKeyResource>('POST', '/v1/api-keys', { body: { name: 'Oas retrieval', scopes: ['users:read'], deliver: 'retrieval' } });
    expectStatus(retrieval, 201);
    expectStatus(await call('GET', `/v1/api-keys/${retrieval.body.id}/secret`), 200);
    expectStatus(await call('GET', `/v1/api-keys/${retrieval.body.id}/secret`), 410);

    expectStatus(await call('GET', `/v1/destinations?workspace_id=${workspace.body.id}`), 200);
    expectStatus(await call('GET', destinationPath), 200);
    expectStatus(await call('GET', `${destinationPath}/api-keys`), 200);
    expectStatus(await call('DELETE', destinationPath), 409);
    expectStatus(await call('DELETE', keyPath), 204);
    expectStatus(await call('DELETE', destinationPath), 204);
  });

  it('audit logs, jobs and the event feed', async () => {
    expectStatus(await call('GET', '/v1/audit-logs?action=user.create&limit=5'), 200);
    expectStatus(await call('GET', '/v1/audit-logs?start_time=2026-01-02T00:00:00Z&end_time=2026-01-01T00:00:00Z'), 400);
    expectStatus(await call('GET', '/v1/audit-logs/verify'), 200);
    expectStatus(await call('GET', '/v1/audit-logs/export?format=ndjson&action=user.create'), 200);
    expectStatus(await call('GET', '/v1/audit-logs/export?format=csv&action=user.create'), 200);

    const job = await eventually(async () => {
      const jobs = await call<Page<JobResource>>('GET', '/v1/jobs?type=email.invitation&limit=100');
      return jobs.body.data.find((j) => j.state === 'done');
    }, { what: 'a done invitation job', timeoutMs: 30000 });
    expectStatus(await call('GET', '/v1/jobs/stats'), 200);
    // Only a dead job can be retried: 409 for a done one (making a job dead takes an SMTP outage; jobs.e2e does it).
    expectStatus(await call('POST', `/v1/jobs/${job.id}/retry`), 409);
    expectStatus(await call('DELETE', '/v1/jobs?state=dead'), 204);
    expectStatus(await call('DELETE', `/v1/jobs/${job.id}`), 204);
    expectStatus(await call('DELETE', '/v1/jobs'), 400);

    expectStatus(await call('GET', '/v1/events?type=user.*&limit=5'), 200);
    expectStatus(await call('GET', '/v1/events?type=nothing.here'), 400);
  });

  it('every response so far matched the document', () => {
    expect(problems).toEqual([]);
  });

  it('every documented operation was called, and answered a success (but those that cannot be made to here)', () => {
    // The one operation whose success needs minutes of setup: a dead job (jobs.e2e.spec.ts).
    const noSuccessHere = new Set(['POST /v1/jobs/{id}/retry']);
    const missing = conformance.operations.map((op) => `${op.method} ${op.path}`).filter((op) => !answered.has(op));
    expect(missing).toEqual([]);
    const neverSucceeded = [...answered].filter(([op, statuses]) => !noSuccessHere.has(op) && !statuses.some((s) => s >= 200 && s < 300)).map(([op]) => op);
    expect(neverSucceeded).toEqual([]);
  });
});

it('the document served is the committed docs/openapi.json when /metrics is on the gateway port', () => {
  const committed = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/openapi.json'), 'utf8')) as Json;
  if (conformance.find('GET', '/metrics')) expect(document).toEqual(committed);
  else expect(Object.keys(document.paths).sort()).toEqual(Object.keys(committed.paths as Json).filter((p) => p !== '/metrics').sort());
});
