/**
 * The API key lifecycle through the gateway on the real stack: create, use, list/get (never a
 * secret or a hash), revoke, rotate with and without grace, expiry, one-time retrieval,
 * last_used_at, validation of the workspace/destination, and tenant isolation.
 */
import { hashApiKey, type ApiKeyResource, type Page } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type ApiResponse, type BootstrapResult } from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret?: string };
type Client = ReturnType<typeof apiAs>;

const KEY_SHAPE = /^sk_live_[0-9A-Za-z]{46}$/;

let org: BootstrapResult;
let admin: Client;
/** Every secret issued in this file: none may appear in a list or get response. */
const issued: string[] = [];

beforeAll(async () => {
  org = await bootstrapOrganization('Key Lifecycle Inc', uniqueEmail('keys'));
  admin = apiAs(org.api_key);
});

async function createKey(body: Record<string, unknown>, by: Client = admin): Promise<ApiResponse<CreatedKey>> {
  const res = await by.post<CreatedKey>('/v1/api-keys', { name: 'lifecycle key', scopes: ['users:read', 'keys:read'], ...body });
  if (res.body?.secret) issued.push(res.body.secret);
  return res;
}

async function mustCreate(body: Record<string, unknown> = {}): Promise<CreatedKey & { secret: string }> {
  const res = await createKey(body);
  expect(res.status).toBe(201);
  return res.body as CreatedKey & { secret: string };
}

/** 200 when the secret opens its key, 401 when it is refused. */
async function use(secret: string): Promise<number> {
  return (await apiAs(secret).get('/v1/users?limit=1')).status;
}

function refusedEventually(secret: string, what: string, timeoutMs = 10000): Promise<true> {
  return eventually(async () => ((await use(secret)) === 401 ? true : undefined), { what, timeoutMs, intervalMs: 100 });
}

/** No issued secret, no secret's hash, no `secret`/`*_hash` field anywhere in a response. */
function expectNoSecrets(res: ApiResponse<unknown>): void {
  for (const secret of issued) {
    expect(res.text).not.toContain(secret);
    expect(res.text).not.toContain(secret.slice(12));
    expect(res.text).not.toContain(hashApiKey(secret));
  }
  expect(res.text).not.toMatch(/"secret"|_hash"|ciphertext/);
}

describe('create → use → list/get → revoke', () => {
  it('issues a working key whose secret appears only in the creation response, then revokes it', async () => {
    const key = await mustCreate({ rate_limit_per_minute: 500 });
    expect(key.secret).toMatch(KEY_SHAPE);
    expect(key).toMatchObject({ status: 'active', prefix: key.secret.slice(0, 12), workspace_id: null, destination_id: null, expires_at: null, version: 1 });
    expect(await use(key.secret)).toBe(200);

    const got = await admin.get<ApiKeyResource>(`/v1/api-keys/${key.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    const { secret: _secret, ...metadata } = key;
    expect(got.body).toEqual({ ...metadata, last_used_at: got.body.last_used_at });
    expectNoSecrets(got);

    const listed = await admin.get<Page<ApiKeyResource>>('/v1/api-keys?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.data.find((k) => k.id === key.id)).toMatchObject({ status: 'active' });
    expectNoSecrets(listed);

    // A stale If-Match is refused; a fresh one (or none) revokes; revoking again is a no-op.
    expect((await admin.request('DELETE', `/v1/api-keys/${key.id}`, { headers: { 'if-match': '"7"' } })).status).toBe(412);
    const revoked = await admin.request('DELETE', `/v1/api-keys/${key.id}`, { headers: { 'if-match': '"1"' } });
    expect(revoked.status).toBe(204);
    expect(revoked.text).toBe('');
    expect((await admin.request('DELETE', `/v1/api-keys/${key.id}`)).status).toBe(204);

    await refusedEventually(key.secret, 'the revoked key to be refused');
    const refused = await apiAs(key.secret).get('/v1/users');
    expect(refused.body).toMatchObject({ error: { code: 'invalid_api_key', status: 401 } });
    expect((await admin.get<ApiKeyResource>(`/v1/api-keys/${key.id}`)).body).toMatchObject({ status: 'revoked', version: 2 });
    const revokedList = await admin.get<Page<ApiKeyResource>>('/v1/api-keys?status=revoked&limit=100');
    expect(revokedList.body.data.map((k) => k.id)).toContain(key.id);
    const activeList = await admin.get<Page<ApiKeyResource>>('/v1/api-keys?status=active&limit=100');
    expect(activeList.body.data.map((k) => k.id)).not.toContain(key.id);
  });

  it('lists newest first, in pages', async () => {
    const a = await mustCreate({ name: 'page a' });
    const b = await mustCreate({ name: 'page b' });
    const first = await admin.get<Page<ApiKeyResource>>('/v1/api-keys?limit=1');
    expect(first.body.data.map((k) => k.id)).toEqual([b.id]);
    expect(first.body.meta.has_more).toBe(true);
    const second = await admin.get<Page<ApiKeyResource>>(`/v1/api-keys?limit=1&cursor=${encodeURIComponent(first.body.meta.next_cursor!)}`);
    expect(second.body.data.map((k) => k.id)).toEqual([a.id]);
  });

  it('needs keys:read to read and keys:write to change keys', async () => {
    const reader = await mustCreate({ scopes: ['keys:read'] });
    const target = await mustCreate();
    const asReader = apiAs(reader.secret);
    expect((await asReader.get(`/v1/api-keys/${target.id}`)).status).toBe(200);
    for (const res of [
      await asReader.request('DELETE', `/v1/api-keys/${target.id}`),
      await asReader.post(`/v1/api-keys/${target.id}/rotate`, {}),
      await asReader.get(`/v1/api-keys/${target.id}/secret`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    }
  });
});

describe('rotation', () => {
  it('keeps the old secret working for grace_seconds, then refuses it; the new one works', async () => {
    const key = await mustCreate();
    expect(await use(key.secret)).toBe(200);
    const rotated = await admin.post<CreatedKey & { secret: string }>(`/v1/api-keys/${key.id}/rotate`, { grace_seconds: 2 });
    expect(rotated.status).toBe(200);
    issued.push(rotated.body.secret);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body).toMatchObject({ id: key.id, status: 'active', prefix: rotated.body.secret.slice(0, 12), version: 2 });
    expect(rotated.body.secret).toMatch(KEY_SHAPE);
    expect(rotated.body.secret).not.toBe(key.secret);

    expect(await use(rotated.body.secret)).toBe(200);
    expect(await use(key.secret)).toBe(200);
    await refusedEventually(key.secret, 'the old secret to be refused after its grace', 8000);
    expect(await use(rotated.body.secret)).toBe(200);
  });

  it('without grace refuses the old secret at once', async () => {
    const key = await mustCreate();
    const rotated = await admin.post<CreatedKey & { secret: string }>(`/v1/api-keys/${key.id}/rotate`, {});
    expect(rotated.status).toBe(200);
    issued.push(rotated.body.secret);
    expect(await use(key.secret)).toBe(401);
    expect(await use(rotated.body.secret)).toBe(200);
  });

  it('refuses to rotate a revoked key (409) and a bad grace (400)', async () => {
    const key = await mustCreate();
    expect((await admin.post(`/v1/api-keys/${key.id}/rotate`, { grace_seconds: -1 })).status).toBe(400);
    expect((await admin.post(`/v1/api-keys/${key.id}/rotate`, { grace_seconds: 'soon' })).status).toBe(400);
    await admin.request('DELETE', `/v1/api-keys/${key.id}`);
    const res = await admin.post(`/v1/api-keys/${key.id}/rotate`, {});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'conflict' } });
  });
});

describe('expiry', () => {
  it('refuses an expires_at in the past (400)', async () => {
    const res = await createKey({ expires_at: new Date(Date.now() - 60_000).toISOString() });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'expires_at' }] } });
    expect((await createKey({ expires_at: 'tomorrow' })).status).toBe(400);
  });

  it('lets a key work until its expires_at, then refuses it and lists it expired', async () => {
    const expiresAt = new Date(Date.now() + 3000).toISOString();
    const key = await mustCreate({ expires_at: expiresAt });
    expect(key.expires_at).toBe(expiresAt);
    expect(await use(key.secret)).toBe(200);
    await refusedEventually(key.secret, 'the expired key to be refused', 10000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expect((await admin.get<ApiKeyResource>(`/v1/api-keys/${key.id}`)).body.status).toBe('expired');
    const expired = await admin.get<Page<ApiKeyResource>>('/v1/api-keys?status=expired&limit=100');
    expect(expired.body.data.map((k) => k.id)).toContain(key.id);
    // The sweep records the expiry as an event (version 2), so every gateway drops the key.
    await eventually(async () => ((await admin.get<ApiKeyResource>(`/v1/api-keys/${key.id}`)).body.version === 2 ? true : undefined), {
      what: 'api_key.expired to be recorded',
      timeoutMs: 10000,
    });
  });
});

describe('one-time retrieval', () => {
  it('answers the secret exactly once, and it is a working key', async () => {
    const created = await createKey({ deliver: 'retrieval' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    expect(created.text).not.toMatch(/sk_live_[0-9A-Za-z]{46}/);
    const id = created.body.id;

    const first = await admin.get<{ id: string; secret: string }>(`/v1/api-keys/${id}/secret`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body.id).toBe(id);
    expect(first.body.secret).toMatch(KEY_SHAPE);
    expect(first.body.secret.slice(0, 12)).toBe(created.body.prefix);
    issued.push(first.body.secret);
    expect(await use(first.body.secret)).toBe(200);

    const second = await admin.get(`/v1/api-keys/${id}/secret`);
    expect(second.status).toBe(410);
    expect(second.body).toMatchObject({ error: { code: 'gone', status: 410 } });
    expectNoSecrets(await admin.get(`/v1/api-keys/${id}`));
  });

  it('answers gone for a key whose secret was in the creation response', async () => {
    const key = await mustCreate();
    expect((await admin.get(`/v1/api-keys/${key.id}/secret`)).status).toBe(410);
  });
});

describe('last_used_at', () => {
  it('is set after the key is used (flushed in batches)', async () => {
    const key = await mustCreate();
    expect(key.last_used_at).toBeNull();
    const before = Date.now();
    expect(await use(key.secret)).toBe(200);
    const used = await eventually(
      async () => (await admin.get<ApiKeyResource>(`/v1/api-keys/${key.id}`)).body.last_used_at ?? undefined,
      { what: 'last_used_at', timeoutMs: 15000, intervalMs: 250 },
    );
    expect(Date.parse(used)).toBeGreaterThanOrEqual(before - 1000);
    // Usage is not a state change: no new version.
    expect((await admin.get<ApiKeyResource>(`/v1/api-keys/${key.id}`)).body.version).toBe(1);
  });
});

describe('workspace and destination', () => {
  it('refuses an unknown workspace or destination (400)', async () => {
    const ws = await createKey({ workspace_id: 'ws_01jnotaworkspace0000000000' });
    expect(ws.status).toBe(400);
    expect(ws.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'workspace_id' }] } });
    const dst = await createKey({ destination_id: 'dst_01jnotadestination00000000' });
    expect(dst.status).toBe(400);
    expect(dst.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'destination_id' }] } });
  });

  it('creates keys for a workspace and a destination of the organization, and filters by them', async () => {
    const workspace = await admin.post<{ id: string }>('/v1/workspaces', { name: `Keys ${Date.now()}` });
    expect(workspace.status).toBe(201);
    // Key-vault learns of workspaces from the workspace service's events.
    const scoped = await eventually(
      async () => {
        const res = await createKey({ workspace_id: workspace.body.id });
        return res.status === 201 ? res.body : undefined;
      },
      { what: 'key-vault to know the workspace', timeoutMs: 15000, intervalMs: 250 },
    );
    expect(scoped.workspace_id).toBe(workspace.body.id);
    const destination = await admin.post<{ id: string }>('/v1/destinations', { name: 'Warehouse', workspace_id: workspace.body.id });
    expect(destination.status).toBe(201);
    const routed = await mustCreate({ destination_id: destination.body.id });
    expect(routed.destination_id).toBe(destination.body.id);

    const byWorkspace = await admin.get<Page<ApiKeyResource>>(`/v1/api-keys?workspace_id=${workspace.body.id}`);
    expect(byWorkspace.body.data.map((k) => k.id)).toEqual([scoped.id]);
    const byDestination = await admin.get<Page<ApiKeyResource>>(`/v1/api-keys?destination_id=${destination.body.id}`);
    expect(byDestination.body.data.map((k) => k.id)).toEqual([routed.id]);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organization's key on get, delete, rotate and secret", async () => {
    const ours = await createKey({ deliver: 'retrieval' });
    expect(ours.status).toBe(201);
    const other = await bootstrapOrganization('Other Keys Org', uniqueEmail('otherkeys'));
    const them = apiAs(other.api_key);
    for (const res of [
      await them.get(`/v1/api-keys/${ours.body.id}`),
      await them.request('DELETE', `/v1/api-keys/${ours.body.id}`),
      await them.post(`/v1/api-keys/${ours.body.id}/rotate`, {}),
      await them.get(`/v1/api-keys/${ours.body.id}/secret`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await them.get<Page<ApiKeyResource>>('/v1/api-keys?limit=100')).body.data.map((k) => k.id)).not.toContain(ours.body.id);
    // Untouched: still retrievable by its own organization.
    const mine = await admin.get<{ secret: string }>(`/v1/api-keys/${ours.body.id}/secret`);
    expect(mine.status).toBe(200);
    issued.push(mine.body.secret);
  });

  it('refuses unauthenticated calls', async () => {
    expect((await request('GET', '/v1/api-keys')).status).toBe(401);
  });
});
