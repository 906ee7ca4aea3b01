/**
 * Scopes, key minting without escalation, and tenant isolation, through the gateway on the real
 * stack.
 */
import type { ApiKeyResource, AuditEntryResource, Page, UserResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';

type CreatedKey = ApiKeyResource & { secret: string };

let org: BootstrapResult;
let admin: ReturnType<typeof apiAs>;

beforeAll(async () => {
  org = await bootstrapOrganization('Scopes Inc', uniqueEmail('scopes'));
  admin = apiAs(org.api_key);
});

async function mintKey(by: ReturnType<typeof apiAs>, scopes: string[]) {
  return by.post<CreatedKey>('/v1/api-keys', { name: `key with ${scopes.join(' ')}`, scopes });
}

describe('POST /v1/api-keys', () => {
  it('returns the secret once, with public metadata, and the new key works', async () => {
    const res = await mintKey(admin, ['users:read']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^key_/),
      name: 'key with users:read',
      scopes: ['users:read'],
      status: 'active',
      prefix: res.body.secret.slice(0, 12),
      created_by: expect.stringMatching(/^key_/),
      last_used_at: null,
    });
    expect(res.body.secret).toMatch(/^sk_live_[0-9A-Za-z]{46}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const asReader = await apiAs(res.body.secret).get<Page<UserResource>>('/v1/users');
    expect(asReader.status).toBe(200);
  });

  it('rejects unknown scopes and empty scope lists', async () => {
    for (const scopes of [['users:fly'], []]) {
      const res = await mintKey(admin, scopes);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});

describe('scopes', () => {
  let reader: ReturnType<typeof apiAs>;
  let minter: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    reader = apiAs((await mintKey(admin, ['users:read'])).body.secret);
    minter = apiAs((await mintKey(admin, ['keys:write', 'users:read'])).body.secret);
  });

  it('lets a key use what its scopes allow', async () => {
    expect((await reader.get('/v1/users')).status).toBe(200);
    expect((await reader.get(`/v1/users/${org.user_id}`)).status).toBe(200);
  });

  it.each([
    ['create a user', (c: ReturnType<typeof apiAs>) => c.post('/v1/users', { name: 'No', email: uniqueEmail('no'), role: 'viewer' })],
    ['read the audit log', (c: ReturnType<typeof apiAs>) => c.get('/v1/audit-logs')],
    ['create a key', (c: ReturnType<typeof apiAs>) => c.post('/v1/api-keys', { name: 'x', scopes: ['users:read'] })],
  ])('refuses a key without the scope to %s (403 insufficient_scope)', async (_label, call) => {
    const before = (await admin.get<Page<UserResource>>('/v1/users?limit=100')).body.data.length;
    const res = await call(reader);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'insufficient_scope', status: 403 } });
    expect((await admin.get<Page<UserResource>>('/v1/users?limit=100')).body.data.length).toBe(before);
  });

  it('lets a key mint keys only with scopes it holds itself', async () => {
    const broader = await mintKey(minter, ['users:read', 'users:write']);
    expect(broader.status).toBe(403);
    expect(broader.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    const toAdmin = await mintKey(minter, ['admin']);
    expect(toAdmin.status).toBe(403);
    const subset = await mintKey(minter, ['users:read']);
    expect(subset.status).toBe(201);
  });
});

describe('tenant isolation', () => {
  it('keeps reads, lists, writes and audit entries inside each organization', async () => {
    const other = await bootstrapOrganization('Other Tenant', uniqueEmail('tenant'));
    const them = apiAs(other.api_key);
    const email = uniqueEmail('shared');

    // The same email in both organizations: each is its own user.
    const ours = await admin.post<UserResource>('/v1/users', { name: 'Ours', email, role: 'viewer', send_invitation: false });
    const theirs = await them.post<UserResource>('/v1/users', { name: 'Theirs', email, role: 'viewer', send_invitation: false });
    expect(ours.status).toBe(201);
    expect(theirs.status).toBe(201);

    // Reads by id across organizations are not found, both ways.
    expect((await them.get(`/v1/users/${ours.body.id}`)).status).toBe(404);
    expect((await admin.get(`/v1/users/${theirs.body.id}`)).status).toBe(404);

    // Lists show only one's own.
    const theirList = (await them.get<Page<UserResource>>('/v1/users?limit=100')).body.data.map((u) => u.id);
    expect(theirList).toContain(theirs.body.id);
    expect(theirList).not.toContain(ours.body.id);
    expect(theirList).not.toContain(org.user_id);

    // Audit entries stay home.
    await eventually(async () => (await admin.get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${ours.body.id}`)).body.data[0], { what: 'our audit entry' });
    await eventually(async () => (await them.get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${theirs.body.id}`)).body.data[0], { what: 'their audit entry' });
    const theirAudit = (await them.get<Page<AuditEntryResource>>('/v1/audit-logs?limit=100')).body.data;
    expect(theirAudit.map((e) => e.target.id)).not.toContain(ours.body.id);
    expect(theirAudit.every((e) => e.target.id !== org.user_id)).toBe(true);
    const ourAudit = (await admin.get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${theirs.body.id}`)).body.data;
    expect(ourAudit).toEqual([]);
  });
});
