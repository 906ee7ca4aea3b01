/**
 * Roles (system and custom) and managers (scoped role grants) through the gateway, on the real
 * stack: CRUD, the rules that answer 400/409/412, tenant isolation and the audit trail.
 */
import {
  newId,
  SYSTEM_ROLE_PERMISSIONS,
  type AuditEntryResource,
  type ManagerResource,
  type Page,
  type RoleResource,
  type UserResource,
} from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let acme: BootstrapResult;
let api: ReturnType<typeof apiAs>;

beforeAll(async () => {
  acme = await bootstrapOrganization('Roles Inc', uniqueEmail('roles-owner'));
  api = apiAs(acme.api_key);
});

let roleCount = 0;
async function createRole(body: Partial<{ name: string; description: string; permissions: string[] }> = {}, client = api) {
  return client.post<RoleResource>('/v1/roles', { name: `Role ${++roleCount} ${Date.now()}`, permissions: ['users:read'], ...body });
}

async function createUser(client = api) {
  const res = await client.post<UserResource>('/v1/users', { name: 'Morgan Lee', email: uniqueEmail('mgr-user'), role: 'viewer', send_invitation: false });
  expect(res.status).toBe(201);
  return res.body;
}

async function auditEntry(client: ReturnType<typeof apiAs>, action: string, targetId: string) {
  return eventually(
    async () => {
      const res = await client.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&limit=100`);
      return res.body.data.find((e) => e.target.id === targetId);
    },
    { what: `the ${action} audit entry of ${targetId}` },
  );
}

describe('GET /v1/roles', () => {
  it('lists the four system roles first, with their fixed permissions', async () => {
    const res = await api.get<Page<RoleResource>>('/v1/roles');
    expect(res.status).toBe(200);
    expect(res.body.data.slice(0, 4)).toEqual(
      (['owner', 'admin', 'editor', 'viewer'] as const).map((name) => ({
        id: name,
        name,
        description: expect.any(String),
        permissions: [...SYSTEM_ROLE_PERMISSIONS[name]],
        system: true,
        created_at: null,
      })),
    );
    const editor = await api.get<RoleResource>('/v1/roles/editor');
    expect(editor.status).toBe(200);
    expect(editor.body).toMatchObject({ id: 'editor', system: true, permissions: [...SYSTEM_ROLE_PERMISSIONS.editor] });
  });

  it('pages through system roles, then custom roles newest first, with no repeats', async () => {
    const org = await bootstrapOrganization('Role Pages', uniqueEmail('role-pages'));
    const client = apiAs(org.api_key);
    const custom: string[] = [];
    for (let i = 0; i < 3; i++) custom.push((await createRole({ name: `Paged ${i}` }, client)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof client.get<Page<RoleResource>>>> = await client.get<Page<RoleResource>>(`/v1/roles?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((r) => r.id));
      cursor = page.body.meta.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['owner', 'admin', 'editor', 'viewer', ...custom.reverse()]);
  });
});

describe('custom roles', () => {
  it('creates a role (201, ETag) readable at once, and lists it', async () => {
    const res = await createRole({ name: 'Support', description: 'Answers tickets', permissions: ['users:read', 'audit:read'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^role_[0-9a-z]{26}$/),
      name: 'Support',
      description: 'Answers tickets',
      permissions: ['users:read', 'audit:read'],
      system: false,
      created_at: expect.stringMatching(ISO),
      version: 1,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    const fetched = await api.get<RoleResource>(`/v1/roles/${res.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);
    const list = await api.get<Page<RoleResource>>('/v1/roles?limit=100');
    expect(list.body.data.map((r) => r.id)).toContain(res.body.id);
  });

  it.each([
    ['an unknown permission', { permissions: ['users:read', 'users:destroy'] }, 'permissions'],
    ['no permissions', { permissions: [] }, 'permissions'],
    ['an empty name', { name: '  ' }, 'name'],
  ])('answers 400 invalid_request for %s', async (_label, body, field) => {
    const res = await createRole(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [expect.objectContaining({ field })] } });
  });

  it('answers 409 for a system role name and for a name already taken (case-insensitive)', async () => {
    expect((await createRole({ name: 'Admin' })).status).toBe(409);
    const first = await createRole({ name: 'Auditors' });
    expect(first.status).toBe(201);
    const again = await createRole({ name: 'AUDITORS' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('updates with If-Match, answers 412 when stale, and appends nothing for a no-op', async () => {
    const role = (await createRole({ name: 'Editors Lite', permissions: ['workspaces:read'] })).body;
    const updated = await api.request<RoleResource>('PATCH', `/v1/roles/${role.id}`, {
      body: { description: 'Reads workspaces and templates', permissions: ['workspaces:read', 'templates:read'] },
      headers: { 'if-match': '"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: role.id, name: 'Editors Lite', permissions: ['workspaces:read', 'templates:read'], version: 2 });
    expect(updated.headers.get('etag')).toBe('"2"');

    const stale = await api.request('PATCH', `/v1/roles/${role.id}`, { body: { name: 'Too late' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'precondition_failed' } });

    const noop = await api.request<RoleResource>('PATCH', `/v1/roles/${role.id}`, { body: { name: 'Editors Lite' } });
    expect(noop.status).toBe(200);
    expect(noop.body.version).toBe(2);

    const unknown = await api.request('PATCH', `/v1/roles/${role.id}`, { body: { permissions: ['root'] } });
    expect(unknown.status).toBe(400);

    const entry = await auditEntry(api, 'role.update', role.id);
    expect(entry.changes).toEqual({
      description: { from: '', to: 'Reads workspaces and templates' },
      permissions: { from: ['workspaces:read'], to: ['workspaces:read', 'templates:read'] },
    });
  });

  it('refuses to change or delete a system role (409)', async () => {
    const patch = await api.request('PATCH', '/v1/roles/admin', { body: { name: 'Boss' } });
    expect(patch.status).toBe(409);
    expect(patch.body).toMatchObject({ error: { code: 'conflict' } });
    const del = await api.request('DELETE', '/v1/roles/owner');
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('deletes an unused role (204, no body); it is gone afterwards and its name is free again', async () => {
    const role = (await createRole({ name: 'Temporary' })).body;
    const del = await api.request('DELETE', `/v1/roles/${role.id}`, { headers: { 'if-match': '"1"' } });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await api.get(`/v1/roles/${role.id}`)).status).toBe(404);
    expect((await api.request('DELETE', `/v1/roles/${role.id}`)).status).toBe(404);
    expect((await createRole({ name: 'temporary' })).status).toBe(201);
  });

  it('records role.create in the audit log with actor, target and changes', async () => {
    const role = (await createRole({ name: 'Audited role', permissions: ['keys:read'] })).body;
    const entry = await auditEntry(api, 'role.create', role.id);
    expect(entry).toMatchObject({
      action: 'role.create',
      actor: { type: 'api_key', id: expect.stringMatching(/^key_/) },
      target: { type: 'role', id: role.id },
      changes: { name: { from: null, to: 'Audited role' }, permissions: { from: null, to: ['keys:read'] } },
    });
  });
});

describe('managers', () => {
  it('creates, reads, lists, updates and deletes a manager with the API.md shape', async () => {
    const user = await createUser();
    const ws = newId('ws');
    const created = await api.post<ManagerResource>('/v1/managers', { user_id: user.id, role_id: 'editor', workspace_ids: [ws] });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^mgr_[0-9a-z]{26}$/),
      user: { id: user.id, name: 'Morgan Lee', email: user.email },
      role: { id: 'editor', name: 'editor', system: true },
      workspaces: [{ id: ws, name: null }],
      all_workspaces: false,
      created_at: expect.stringMatching(ISO),
      version: 1,
    });
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;

    expect((await api.get<ManagerResource>(`/v1/managers/${id}`)).body).toEqual(created.body);
    const list = await api.get<Page<ManagerResource>>('/v1/managers');
    expect(list.status).toBe(200);
    expect(list.body.data[0]).toEqual(created.body);

    const role = (await createRole({ name: 'Workspace lead', permissions: ['workspaces:write'] })).body;
    const updated = await api.request<ManagerResource>('PATCH', `/v1/managers/${id}`, { body: { role_id: role.id, workspace_ids: [] }, headers: { 'if-match': '"1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, role: { id: role.id, name: 'Workspace lead', system: false }, workspaces: [], version: 2 });
    const stale = await api.request('PATCH', `/v1/managers/${id}`, { body: { workspace_ids: [ws] }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);

    const entry = await auditEntry(api, 'manager.update', id);
    expect(entry.changes).toEqual({ role_id: { from: 'editor', to: role.id }, workspace_ids: { from: [ws], to: [] } });

    const del = await api.request('DELETE', `/v1/managers/${id}`);
    expect(del.status).toBe(204);
    expect((await api.get(`/v1/managers/${id}`)).status).toBe(404);
  });

  it('answers 400 for a user or role that is not in the organization', async () => {
    const user = await createUser();
    const other = await bootstrapOrganization('Foreign Roles', uniqueEmail('foreign'));
    const foreignRole = (await createRole({ name: 'Foreign' }, apiAs(other.api_key))).body;
    const cases: [Record<string, unknown>, string][] = [
      [{ user_id: 'usr_01h00000000000000000000000', role_id: 'viewer' }, 'user_id'],
      [{ user_id: other.user_id, role_id: 'viewer' }, 'user_id'],
      [{ user_id: user.id, role_id: 'emperor' }, 'role_id'],
      [{ user_id: user.id, role_id: foreignRole.id }, 'role_id'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post('/v1/managers', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: [expect.objectContaining({ field })] } });
    }
  });

  it('records manager.create in the audit log', async () => {
    const user = await createUser();
    const created = (await api.post<ManagerResource>('/v1/managers', { user_id: user.id, role_id: 'viewer' })).body;
    expect(created.workspaces).toEqual([]);
    expect(created.all_workspaces).toBe(true);
    const entry = await auditEntry(api, 'manager.create', created.id);
    expect(entry).toMatchObject({
      target: { type: 'manager', id: created.id },
      changes: { user_id: { from: null, to: user.id }, role_id: { from: null, to: 'viewer' }, workspace_ids: { from: null, to: [] } },
    });
  });
});

describe('a role in use', () => {
  it('cannot be deleted while a manager holds it (409); once the manager is gone it can (204)', async () => {
    const role = (await createRole({ name: 'Granted role', permissions: ['templates:read'] })).body;
    const user = await createUser();
    const manager = (await api.post<ManagerResource>('/v1/managers', { user_id: user.id, role_id: role.id })).body;
    const refused = await api.request('DELETE', `/v1/roles/${role.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'conflict' } });
    expect((await api.get(`/v1/roles/${role.id}`)).status).toBe(200);

    expect((await api.request('DELETE', `/v1/managers/${manager.id}`)).status).toBe(204);
    expect((await api.request('DELETE', `/v1/roles/${role.id}`)).status).toBe(204);
    // A deleted role can no longer be granted.
    const late = await api.post('/v1/managers', { user_id: user.id, role_id: role.id });
    expect(late.status).toBe(400);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organization's role and manager, and never lists them", async () => {
    const role = (await createRole({ name: 'Private role' })).body;
    const user = await createUser();
    const manager = (await api.post<ManagerResource>('/v1/managers', { user_id: user.id, role_id: role.id })).body;
    const nosy = apiAs((await bootstrapOrganization('Nosy Roles', uniqueEmail('nosy-roles'))).api_key);

    for (const [method, path, body] of [
      ['GET', `/v1/roles/${role.id}`, undefined],
      ['PATCH', `/v1/roles/${role.id}`, { name: 'Mine now' }],
      ['DELETE', `/v1/roles/${role.id}`, undefined],
      ['GET', `/v1/managers/${manager.id}`, undefined],
      ['PATCH', `/v1/managers/${manager.id}`, { workspace_ids: [] }],
      ['DELETE', `/v1/managers/${manager.id}`, undefined],
    ] as const) {
      const res = await nosy.request(method, path, { body });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const roles = await nosy.get<Page<RoleResource>>('/v1/roles?limit=100');
    expect(roles.body.data.map((r) => r.id)).toEqual(['owner', 'admin', 'editor', 'viewer']);
    const managers = await nosy.get<Page<ManagerResource>>('/v1/managers?limit=100');
    expect(managers.body.data).toEqual([]);
    // Nothing changed on the owner's side.
    expect((await api.get<RoleResource>(`/v1/roles/${role.id}`)).body).toEqual(role);
    expect((await api.get<ManagerResource>(`/v1/managers/${manager.id}`)).body).toEqual(manager);
  });
});

describe('scopes', () => {
  it('reads with roles:read / managers:read and is refused writes without the write scope (403)', async () => {
    const minted = await api.post<{ secret: string }>('/v1/api-keys', { name: 'role reader', scopes: ['roles:read', 'managers:read'] });
    expect(minted.status).toBe(201);
    const reader = apiAs(minted.body.secret);
    expect((await reader.get('/v1/roles')).status).toBe(200);
    expect((await reader.get('/v1/managers')).status).toBe(200);
    const write = await reader.post('/v1/roles', { name: 'Nope', permissions: ['users:read'] });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    expect((await reader.post('/v1/managers', { user_id: acme.user_id, role_id: 'viewer' })).status).toBe(403);
    expect((await reader.get('/v1/users')).status).toBe(403);
  });
});
