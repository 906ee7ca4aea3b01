/**
 * Access control of every operation, generated from the OpenAPI document (its `x-required-scope`
 * per operation), so a new endpoint is covered without touching this file — and one that has no
 * required scope fails here unless it is listed as public on purpose:
 *
 * - no key → 401;
 * - a key of the same organization holding every scope but the required one → 403
 *   `insufficient_scope`;
 * - a key (admin) of another organization → 404 `not_found` on every resource of this one
 *   (operations with an id in the path), and lists that show none of this organization's ids;
 * - and none of these refusals changed anything (every resource is still there, at the same
 *   version; the one-time secret is still retrievable).
 *
 * Then single use under concurrency: five simultaneous accepts of one invitation token, five
 * simultaneous retrievals of a one-time key secret → exactly one success, one event.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiKeyResource, InvitationResource, JobResource, Page, UserResource, WorkspaceResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type ApiResponse, type BootstrapResult, invitationTokens } from '@steward/testing';

type Json = Record<string, unknown>;
type Created = ApiKeyResource & { secret: string };

const DOCUMENT = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../docs/openapi.json'), 'utf8')) as Json & { paths: Record<string, Record<string, Json>>; components: Json };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Operations that take no API key, on purpose. Anything else without `x-required-scope` fails. */
const PUBLIC = new Set(['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /openapi.json', 'GET /asyncapi.json', 'POST /v1/invitations/accept', 'POST /v1/invitations/decline']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
function resolve(value: unknown): Json {
  if (!isObject(value)) return {};
  if (typeof value.$ref !== 'string') return value;
  return resolve(value.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), DOCUMENT));
}

interface Operation {
  name: string;
  method: string;
  path: string;
  scope?: string;
  body?: Json;
  requiredQuery: string;
}

/** A body the schema accepts: required properties and the optional ones that refer to nothing, from the document's examples. */
function validBody(schema: Json): Json {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set((schema.required as string[]) ?? []);
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([name]) => required.has(name) || !/_ids?$/.test(name))
      .map(([name, raw]) => {
        const property = resolve(raw);
        const byType: Record<string, unknown> = { object: {}, array: [], boolean: true, integer: 1, number: 1, string: 'x' };
        const type = Array.isArray(property.type) ? property.type[0] : property.type;
        return [name, Array.isArray(property.examples) ? property.examples[0] : (property.default ?? (Array.isArray(property.enum) ? property.enum[0] : byType[String(type)]))] as const;
      })
      .filter(([, value]) => value !== undefined),
  );
}

const OPERATIONS: Operation[] = Object.entries(DOCUMENT.paths).flatMap(([p, item]) =>
  METHODS.filter((m) => isObject(item[m])).map((m) => {
    const op = item[m];
    const parameters = ((op.parameters as unknown[]) ?? []).map(resolve);
    const requestBody = resolve(op.requestBody);
    const schema = isObject(requestBody.content) ? resolve(resolve((requestBody.content as Json)['application/json']).schema) : undefined;
    const requiredQuery = parameters
      .filter((x) => x.in === 'query' && x.required === true)
      .map((x) => {
        const s = resolve(x.schema);
        return `${String(x.name)}=${encodeURIComponent(String(Array.isArray(s.enum) ? s.enum[0] : Array.isArray(s.examples) ? s.examples[0] : 'x'))}`;
      })
      .join('&');
    return {
      name: `${m.toUpperCase()} ${p}`,
      method: m.toUpperCase(),
      path: p,
      scope: op['x-required-scope'] as string | undefined,
      body: schema && validBody(schema),
      requiredQuery: requiredQuery ? `?${requiredQuery}` : '',
    };
  }),
);
const PROTECTED = OPERATIONS.filter((op) => !PUBLIC.has(op.name));
const ALL_SCOPES = (resolve(resolve(resolve(DOCUMENT.components.schemas).CreateApiKey).properties).scopes as { items: { enum: string[] } }).items.enum.filter((s) => s !== 'admin');

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;
let other: BootstrapResult;
/** This organization's resources, by the collection their path starts with. */
const fixtures: Record<string, string> = {};
/** Each fixture's version before the refusals (where the resource has one). */
const versions: Record<string, unknown> = {};
/** Per required scope: a key of this organization holding every other scope. */
const lackingKeys = new Map<string, string>();

const invitationToken = async (address: string): Promise<string> => (await invitationTokens(address))[0];

function expectError(res: ApiResponse, status: number, code: string, what: string) {
  expect({ what, status: res.status, body: res.body }).toEqual({ what, status, body: { error: expect.objectContaining({ code, status }) } });
}

function urlOf(op: Operation): string {
  return `${op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const collection = name === 'user_id' ? 'users' : op.path.split('/')[2];
    const id = fixtures[collection];
    if (!id) throw new Error(`no fixture of this organization for {${name}} in ${op.path}: add one to the access-control spec's beforeAll`);
    return id;
  })}${op.requiredQuery}`;
}

/** Whether the collection's resources can be read one by one (jobs and invitations are only listed). */
const readable = (collection: string): boolean => OPERATIONS.some((op) => op.name === `GET /v1/${collection}/{id}`);

const call = (op: Operation, key: string | undefined) => request(op.method, urlOf(op), { key, body: op.body });

beforeAll(async () => {
  org = await bootstrapOrganization('Access Control Inc', uniqueEmail('acl-owner'));
  other = await bootstrapOrganization('Access Control Rival', uniqueEmail('acl-rival'));
  admin = apiAs(org.api_key);

  const workspace = await admin.post<WorkspaceResource>('/v1/workspaces', { name: 'ACL workspace' });
  expect(workspace.status).toBe(201);
  const user = await admin.post<UserResource>('/v1/users', { name: 'ACL Member', email: uniqueEmail('acl-member'), role: 'viewer', send_invitation: false, workspace_ids: [workspace.body.id] });
  expect(user.status).toBe(201);
  const invitee = await admin.post<UserResource>('/v1/users', { name: 'ACL Invitee', email: uniqueEmail('acl-invitee'), role: 'viewer' });
  expect(invitee.status).toBe(201);
  const role = await admin.post<{ id: string }>('/v1/roles', { name: `ACL role ${Date.now()}`, description: 'x', permissions: ['users:read'] });
  expect(role.status).toBe(201);
  const manager = await admin.post<{ id: string }>('/v1/managers', { user_id: user.body.id, role_id: role.body.id });
  expect(manager.status).toBe(201);
  const template = await admin.post<{ id: string }>('/v1/templates', { name: 'ACL template', workspace_id: workspace.body.id, content: { a: 1 } });
  expect(template.status).toBe(201);
  const key = await admin.post<ApiKeyResource>('/v1/api-keys', { name: 'ACL retrieval key', scopes: ['users:read'], deliver: 'retrieval' });
  expect(key.status).toBe(201);
  const destination = await eventually(async () => {
    const res = await admin.post<{ id: string }>('/v1/destinations', { name: 'ACL sink', workspace_id: workspace.body.id });
    return res.status === 201 ? res : undefined;
  }, { what: 'key-vault to know the workspace' });
  const invitation = await eventually(async () => (await admin.get<Page<InvitationResource>>(`/v1/invitations?status=pending&limit=100`)).body.data.find((i) => i.user_id === invitee.body.id), { what: 'the invitation' });
  const job = await eventually(async () => (await admin.get<Page<JobResource>>('/v1/jobs?limit=100')).body.data[0], { what: 'a job of the organization', timeoutMs: 30000 });
  await eventually(async () => ((await admin.get<Page<{ user_id: string }>>(`/v1/workspaces/${workspace.body.id}/members`)).body.data.some((m) => m.user_id === user.body.id) ? true : undefined), { what: 'the member' });

  Object.assign(fixtures, {
    users: user.body.id,
    workspaces: workspace.body.id,
    roles: role.body.id,
    managers: manager.body.id,
    templates: template.body.id,
    'api-keys': key.body.id,
    destinations: destination.body.id,
    invitations: invitation.id,
    jobs: job.id,
  });
  for (const [collection, id] of Object.entries(fixtures)) {
    if (readable(collection)) versions[collection] = (await admin.get<{ version?: unknown }>(`/v1/${collection}/${id}`)).body.version;
  }

  for (const scope of new Set(PROTECTED.map((op) => op.scope).filter((s): s is string => !!s))) {
    const minted = await admin.post<Created>('/v1/api-keys', { name: `all but ${scope}`, scopes: ALL_SCOPES.filter((s) => s !== scope), rate_limit_per_minute: 100000 });
    expect(minted.status).toBe(201);
    lackingKeys.set(scope, minted.body.secret);
  }
});

describe('the route table', () => {
  it('is the served document: every operation has a required scope, or is public on purpose', async () => {
    const served = await request<{ paths: Record<string, Json> }>('GET', '/openapi.json');
    const live = Object.entries(served.body.paths).flatMap(([p, item]) => METHODS.filter((m) => isObject(item[m])).map((m) => `${m.toUpperCase()} ${p}`));
    expect(live.filter((op) => op !== 'GET /metrics').sort()).toEqual(OPERATIONS.map((op) => op.name).filter((op) => op !== 'GET /metrics').sort());
    expect(OPERATIONS.filter((op) => !op.scope && !PUBLIC.has(op.name)).map((op) => op.name)).toEqual([]);
    expect(OPERATIONS.filter((op) => op.scope && PUBLIC.has(op.name)).map((op) => op.name)).toEqual([]);
    expect(PROTECTED.filter((op) => !ALL_SCOPES.includes(op.scope as string)).map((op) => `${op.name}: ${op.scope}`)).toEqual([]);
  });
});

describe.each(PROTECTED.map((op) => [op.name, op] as const))('%s', (_name, op) => {
  it('answers 401 without a key', async () => {
    expectError(await call(op, undefined), 401, 'unauthorized', op.name);
  });

  it(`answers 403 insufficient_scope to a key with every scope but ${op.scope ?? '?'}`, async () => {
    expectError(await call(op, lackingKeys.get(op.scope as string)), 403, 'insufficient_scope', op.name);
  });

  if (op.path.includes('{')) {
    it("answers 404 to another organization's key on this organization's resource", async () => {
      expectError(await call(op, other.api_key), 404, 'not_found', op.name);
    });
  } else if (op.method === 'GET') {
    it("shows another organization's key none of this organization's resources", async () => {
      const res = await call(op, other.api_key);
      expect(res.status).toBe(200);
      const leaked = Object.entries(fixtures).filter(([, id]) => res.text.includes(id));
      expect(leaked).toEqual([]);
      expect(res.text.includes(org.user_id)).toBe(false);
    });
  }
});

describe('after every refusal', () => {
  it('every resource is still there, unchanged, and the one-time secret not spent', async () => {
    for (const [collection, id] of Object.entries(fixtures)) {
      if (!readable(collection)) {
        expect({ collection, listed: (await admin.get(`/v1/${collection}?limit=100`)).text.includes(id) }).toEqual({ collection, listed: true });
        continue;
      }
      const res = await admin.get<{ version?: unknown }>(`/v1/${collection}/${id}`);
      expect({ collection, status: res.status, version: res.body.version }).toEqual({ collection, status: 200, version: versions[collection] });
    }
    expect((await admin.get(`/v1/api-keys/${fixtures['api-keys']}/secret`)).status).toBe(200);
  });
});

/** The organization's events of `type` about `id`, once at least one arrived. */
async function eventsAbout(type: string, id: string): Promise<Json[]> {
  const find = async () => {
    const all: Json[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await admin.get<Page<Json>>(`/v1/events?limit=100&type=${type}${after ? `&after=${after}` : ''}`);
      all.push(...page.body.data);
      if (!page.body.meta.has_more || !page.body.data.length) break;
      after = page.body.data[page.body.data.length - 1].id as string;
    }
    return all.filter((e) => JSON.stringify(e).includes(id));
  };
  // Every racer had its answer before this runs, so any second event was already committed to the
  // stream, right behind the first: the feed projects a stream in order.
  await eventually(async () => ((await find()).length ? true : undefined), { what: `a ${type} event`, timeoutMs: 30000 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return find();
}

describe('single use under concurrency', () => {
  it('five simultaneous accepts of one invitation token: one 200, four 410 gone, one event', async () => {
    const email = uniqueEmail('acl-racer');
    const user = await admin.post<UserResource>('/v1/users', { name: 'ACL Racer', email, role: 'viewer' });
    expect(user.status).toBe(201);
    const token = await invitationToken(email);
    const results = await Promise.all(Array.from({ length: 5 }, () => request<InvitationResource>('POST', '/v1/invitations/accept', { body: { token } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410, 410, 410]);
    for (const lost of results.filter((r) => r.status === 410)) expect(lost.body).toMatchObject({ error: { code: 'gone', status: 410 } });
    const winner = results.find((r) => r.status === 200) as ApiResponse<InvitationResource>;
    expect(winner.body.status).toBe('accepted');
    expect((await eventsAbout('invitation.accepted', winner.body.id)).length).toBe(1);
    expect((await admin.get<UserResource>(`/v1/users/${user.body.id}`)).body.status).toBe('active');
  });

  it('five simultaneous retrievals of a one-time key secret: one 200, four 410 gone, one event, the secret works', async () => {
    const key = await admin.post<ApiKeyResource>('/v1/api-keys', { name: 'ACL race key', scopes: ['users:read'], deliver: 'retrieval' });
    expect(key.status).toBe(201);
    const results = await Promise.all(Array.from({ length: 5 }, () => admin.get<{ secret: string }>(`/v1/api-keys/${key.body.id}/secret`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410, 410, 410]);
    for (const lost of results.filter((r) => r.status === 410)) expect(lost.body).toMatchObject({ error: { code: 'gone', status: 410 } });
    const secret = (results.find((r) => r.status === 200) as ApiResponse<{ secret: string }>).body.secret;
    expect((await apiAs(secret).get('/v1/users?limit=1')).status).toBe(200);
    expect((await eventsAbout('api_key.secret_retrieved', key.body.id)).length).toBe(1);
    expect((await admin.get(`/v1/api-keys/${key.body.id}/secret`)).status).toBe(410);
  });
});
