/**
 * Managing users through the gateway on the real stack: PATCH with ETag/If-Match, DELETE, the
 * last-owner rule, list filters, history, time travel, sign-in activity and their audit entries.
 */
import type { AuditEntryResource, InvitationResource, Page, SignInResource, StreamEventResource, UserResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, uniqueEmail, type BootstrapResult } from '@steward/testing';

type Api = ReturnType<typeof apiAs>;

let acme: BootstrapResult;
let api: Api;

beforeAll(async () => {
  acme = await bootstrapOrganization('Manage Co', uniqueEmail('owner'));
  api = apiAs(acme.api_key);
});

async function createActiveUser(by: Api, fields: Record<string, unknown> = {}): Promise<UserResource> {
  const res = await by.post<UserResource>('/v1/users', { name: 'Pat Doe', email: uniqueEmail('pat'), role: 'viewer', send_invitation: false, ...fields });
  expect(res.status).toBe(201);
  return res.body;
}

const patch = <T = UserResource>(by: Api, id: string, body: unknown, headers: Record<string, string> = {}) =>
  by.request<T>('PATCH', `/v1/users/${id}`, { body, headers });
const remove = (by: Api, id: string, headers: Record<string, string> = {}) => by.request('DELETE', `/v1/users/${id}`, { headers });

async function auditEntry(by: Api, action: string, userId: string): Promise<AuditEntryResource> {
  return eventually(async () => (await by.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&user_id=${userId}`)).body.data[0], {
    what: `the ${action} audit entry of ${userId}`,
  });
}

describe('PATCH /v1/users/{id}', () => {
  it('changes name, role and status, answers the user with its new ETag, and writes a user.update audit entry', async () => {
    const user = await createActiveUser(api, { name: 'Pat Doe' });
    const res = await patch(api, user.id, { name: 'Pat Smith', role: 'editor', status: 'inactive' }, { 'if-match': '"1"' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, name: 'Pat Smith', role: 'editor', status: 'inactive', email: user.email, version: 2, created_at: user.created_at });
    expect(res.body.updated_at >= user.updated_at).toBe(true);
    expect(res.headers.get('etag')).toBe('"2"');
    expect((await api.get<UserResource>(`/v1/users/${user.id}`)).body).toEqual(res.body);

    const entry = await auditEntry(api, 'user.update', user.id);
    expect(entry).toMatchObject({
      target: { type: 'user', id: user.id },
      changes: { name: { from: 'Pat Doe', to: 'Pat Smith' }, role: { from: 'viewer', to: 'editor' }, status: { from: 'active', to: 'inactive' } },
    });
  });

  it('answers 412 for a stale If-Match and changes nothing', async () => {
    const user = await createActiveUser(api);
    expect((await patch(api, user.id, { name: 'First' }, { 'if-match': '"1"' })).status).toBe(200);
    const stale = await patch(api, user.id, { name: 'Second' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'precondition_failed', status: 412 } });
    const now = await api.get<UserResource>(`/v1/users/${user.id}`);
    expect(now.body).toMatchObject({ name: 'First', version: 2 });
    expect(now.headers.get('etag')).toBe('"2"');
  });

  it('appends nothing when nothing changes', async () => {
    const user = await createActiveUser(api, { name: 'Same Name' });
    const res = await patch(api, user.id, { name: 'Same Name', role: user.role });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
  });

  it('changes the role to a custom role of the organization, and refuses one that does not exist (400)', async () => {
    const user = await createActiveUser(api);
    const missing = await patch(api, user.id, { role: 'role_01jz0000000000000000000000' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'role' }] } });
    expect((await api.get<UserResource>(`/v1/users/${user.id}`)).body).toMatchObject({ role: 'viewer', version: 1 });

    const role = await api.post<{ id: string }>('/v1/roles', { name: `Support ${Date.now()}`, permissions: ['users:read'] });
    expect(role.status).toBe(201);
    const assigned = await patch(api, user.id, { role: role.body.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.role).toBe(role.body.id);
  });

  it('rejects unknown fields, the status invited and an empty name (400)', async () => {
    const user = await createActiveUser(api);
    for (const body of [{ email: 'new@example.test' }, { status: 'invited' }, { status: 'gone' }, { name: '  ' }]) {
      const res = await patch(api, user.id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect((await api.get<UserResource>(`/v1/users/${user.id}`)).body.version).toBe(1);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await patch(api, 'usr_01jz0000000000000000000000', { name: 'Nobody' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('DELETE /v1/users/{id}', () => {
  it('answers 204, then the user is not found, its email can be used again, and user.delete is audited', async () => {
    const user = await createActiveUser(api, { name: 'Gone Soon' });
    const res = await remove(api, user.id);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await api.get(`/v1/users/${user.id}`)).status).toBe(404);
    expect((await remove(api, user.id)).status).toBe(404);
    expect((await patch(api, user.id, { name: 'Ghost' })).status).toBe(404);

    const again = await api.post<UserResource>('/v1/users', { name: 'Back Again', email: user.email.toUpperCase(), role: 'viewer', send_invitation: false });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(user.id);

    const entry = await auditEntry(api, 'user.delete', user.id);
    expect(entry).toMatchObject({
      target: { type: 'user', id: user.id },
      changes: { name: { from: 'Gone Soon', to: null }, email: { from: user.email, to: null }, role: { from: 'viewer', to: null } },
    });
  });

  it('honours If-Match (412 when stale, the user stays)', async () => {
    const user = await createActiveUser(api);
    const stale = await remove(api, user.id, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect((await api.get(`/v1/users/${user.id}`)).status).toBe(200);
    expect((await remove(api, user.id, { 'if-match': '"1"' })).status).toBe(204);
  });
});

describe('deleting a user ends what hangs on it', () => {
  it('revokes its pending invitation and deletes its manager grants, with their audit entries', async () => {
    const invited = await api.post<UserResource>('/v1/users', { name: 'Ina Vited', email: uniqueEmail('ina'), role: 'editor' });
    expect(invited.body.status).toBe('invited');
    const grant = await api.post<{ id: string }>('/v1/managers', { user_id: invited.body.id, role_id: 'admin' });
    expect(grant.status).toBe(201);
    const pendingOf = async (status: string) =>
      (await api.get<Page<InvitationResource>>(`/v1/invitations?status=${status}&limit=100`)).body.data.filter((i) => i.user_id === invited.body.id);
    const [invitation] = await pendingOf('pending');
    expect(invitation).toBeDefined();

    expect((await remove(api, invited.body.id)).status).toBe(204);
    expect(await pendingOf('pending')).toEqual([]);
    expect(await pendingOf('revoked')).toEqual([expect.objectContaining({ id: invitation.id, status: 'revoked' })]);
    expect((await api.get(`/v1/managers/${grant.body.id}`)).status).toBe(404);

    const entryFor = (action: string, targetId: string) =>
      eventually(
        async () => (await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&limit=100`)).body.data.find((e) => e.target.id === targetId),
        { what: `the ${action} entry of ${targetId}` },
      );
    const revoked = await entryFor('invitation.revoke', invitation.id);
    const deletedGrant = await entryFor('manager.delete', grant.body.id);
    const userDeleted = await auditEntry(api, 'user.delete', invited.body.id);
    // One request, one transaction: the three entries share its request id.
    expect(revoked.request_id).toBe(userDeleted.request_id);
    expect(deletedGrant.request_id).toBe(userDeleted.request_id);
  });
});

describe('the last owner', () => {
  it('cannot be deleted, demoted or deactivated (409) — but can once a second active owner exists', async () => {
    const org = await bootstrapOrganization('Owners Co', uniqueEmail('only'));
    const as = apiAs(org.api_key);
    const owner = org.user_id;

    for (const res of [await remove(as, owner), await patch(as, owner, { role: 'admin' }), await patch(as, owner, { status: 'inactive' })]) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ error: { code: 'conflict', status: 409 } });
    }
    expect((await as.get<UserResource>(`/v1/users/${owner}`)).body).toMatchObject({ role: 'owner', status: 'active', version: 1 });

    // An invited owner does not count: the organization needs an active one.
    const invited = await as.post<UserResource>('/v1/users', { name: 'Invited Owner', email: uniqueEmail('inv-owner'), role: 'owner' });
    expect(invited.body.status).toBe('invited');
    expect((await patch(as, owner, { role: 'admin' })).status).toBe(409);

    const second = await createActiveUser(as, { role: 'owner' });
    const demoted = await patch(as, owner, { role: 'admin' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('admin');
    // Now `second` is the last active owner.
    expect((await remove(as, second.id)).status).toBe(409);
    expect((await patch(as, second.id, { status: 'inactive' })).status).toBe(409);
    expect((await patch(as, owner, { role: 'owner' })).status).toBe(200);
    expect((await remove(as, second.id)).status).toBe(204);
  });

  it('survives two concurrent removals of the last two owners: exactly one succeeds', async () => {
    const org = await bootstrapOrganization('Race Co', uniqueEmail('race'));
    const as = apiAs(org.api_key);
    const second = await createActiveUser(as, { role: 'owner' });
    const results = await Promise.all([remove(as, org.user_id), patch(as, second.id, { role: 'viewer' })]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 204)).toHaveLength(1);
    const owners = await as.get<Page<UserResource>>('/v1/users?role=owner&status=active');
    expect(owners.body.data).toHaveLength(1);
  });
});

describe('GET /v1/users filters', () => {
  it('filters by q (case-insensitive substring of name or email) and by workspace_id', async () => {
    const org = await bootstrapOrganization('Filter Co', uniqueEmail('filter'));
    const as = apiAs(org.api_key);
    const tag = Date.now().toString(36);
    const ann = await createActiveUser(as, { name: `Ann Zephyr${tag}`, email: uniqueEmail('ann'), workspace_ids: ['ws_alpha', 'ws_beta'] });
    const bob = await createActiveUser(as, { name: 'Bob Stone', email: `bob.zephyr${tag}@example.test`, workspace_ids: ['ws_beta'] });
    await createActiveUser(as, { name: 'Cy 100%_done', email: uniqueEmail('cy') });

    const ids = async (query: string) => {
      const res = await as.get<Page<UserResource>>(`/v1/users?${query}`);
      expect(res.status).toBe(200);
      return res.body.data.map((u) => u.id).sort();
    };
    expect(await ids(`q=ZEPHYR${tag}`)).toEqual([ann.id, bob.id].sort());
    expect(await ids(`q=ann%20zep`)).toEqual([ann.id]);
    expect(await ids(`q=${encodeURIComponent('%_')}`)).toHaveLength(1);
    expect(await ids(`q=nobody-matches-${tag}`)).toEqual([]);
    expect(await ids('workspace_id=ws_alpha')).toEqual([ann.id]);
    expect(await ids('workspace_id=ws_beta')).toEqual([ann.id, bob.id].sort());
    expect(await ids(`workspace_id=ws_beta&q=bob`)).toEqual([bob.id]);
    expect((await as.get('/v1/users?q=')).status).toBe(400);
    expect((await as.get('/v1/users?team=x')).status).toBe(400);
  });
});

describe('history and time travel', () => {
  it('lists user.created then user.updated, oldest first, paginated', async () => {
    const user = await createActiveUser(api, { name: 'Hist Ory' });
    await patch(api, user.id, { name: 'His Tory' });
    const first = await api.get<Page<StreamEventResource>>(`/v1/users/${user.id}/history?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/^evt_/), type: 'user.created', version: 1, actor: { type: 'api_key', id: expect.stringMatching(/^key_/) } }),
    ]);
    expect(first.body.meta.has_more).toBe(true);
    const second = await api.get<Page<StreamEventResource>>(`/v1/users/${user.id}/history?limit=1&cursor=${first.body.meta.next_cursor}`);
    expect(second.body.data).toEqual([
      expect.objectContaining({ type: 'user.updated', version: 2, data: { user_id: user.id, changes: { name: { from: 'Hist Ory', to: 'His Tory' } } } }),
    ]);
    expect(second.body.meta).toEqual({ next_cursor: null, has_more: false });
    expect((await api.get(`/v1/users/usr_01jz0000000000000000000000/history`)).status).toBe(404);
  });

  it('answers GET ?as_of with the user as it was then', async () => {
    const user = await createActiveUser(api, { name: 'Old Name' });
    await new Promise((r) => setTimeout(r, 20));
    const between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const updated = (await patch(api, user.id, { name: 'New Name' })).body;

    const then = await api.get<UserResource>(`/v1/users/${user.id}?as_of=${between}`);
    expect(then.status).toBe(200);
    expect(then.body).toEqual(user);
    expect(then.headers.get('etag')).toBe('"1"');
    const now = await api.get<UserResource>(`/v1/users/${user.id}?as_of=${new Date().toISOString()}`);
    expect(now.body).toEqual(updated);

    const before = new Date(Date.parse(user.created_at) - 1).toISOString();
    expect((await api.get(`/v1/users/${user.id}?as_of=${before}`)).status).toBe(404);
    const bad = await api.get(`/v1/users/${user.id}?as_of=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });

    // A deleted user is still in its history, as it was before the deletion.
    await remove(api, user.id);
    expect((await api.get(`/v1/users/${user.id}?as_of=${between}`)).status).toBe(200);
    expect((await api.get(`/v1/users/${user.id}?as_of=${new Date().toISOString()}`)).status).toBe(404);
  });
});

describe('sign-ins', () => {
  it('records sign-ins (201), lists them newest first with pagination, and sets last_login_at from successful ones', async () => {
    const user = await createActiveUser(api);
    const ok = await api.post<SignInResource>(`/v1/users/${user.id}/sign-ins`, { ip: '203.0.113.7', user_agent: 'Mozilla/5.0', method: 'password', success: true });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({
      id: expect.stringMatching(/^sgn_/),
      user_id: user.id,
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0',
      method: 'password',
      success: true,
      occurred_at: expect.stringMatching(/Z$/),
    });
    const afterOk = (await api.get<UserResource>(`/v1/users/${user.id}`)).body;
    expect(afterOk.last_login_at).toBe(ok.body.occurred_at);
    expect(afterOk.version).toBe(2);

    const failed = await api.post<SignInResource>(`/v1/users/${user.id}/sign-ins`, { ip: '2001:db8::1', method: 'sso', success: false });
    expect(failed.status).toBe(201);
    expect(failed.body).toMatchObject({ success: false, user_agent: null });
    expect((await api.get<UserResource>(`/v1/users/${user.id}`)).body.last_login_at).toBe(ok.body.occurred_at);

    const page1 = await api.get<Page<SignInResource>>(`/v1/users/${user.id}/sign-in-activity?limit=1`);
    expect(page1.status).toBe(200);
    expect(page1.body.data).toEqual([failed.body]);
    expect(page1.body.meta.has_more).toBe(true);
    const page2 = await api.get<Page<SignInResource>>(`/v1/users/${user.id}/sign-in-activity?limit=1&cursor=${page1.body.meta.next_cursor}`);
    expect(page2.body.data).toEqual([ok.body]);
    expect(page2.body.meta.has_more).toBe(false);

    const entry = await auditEntry(api, 'user.login', user.id);
    expect(entry).toMatchObject({ target: { type: 'user', id: user.id }, changes: expect.objectContaining({ success: expect.anything() }) });
  });

  it('rejects bad input (400) and unknown users (404)', async () => {
    const user = await createActiveUser(api);
    for (const body of [{ method: 'password' }, { success: true }, { ip: 'not-an-ip', method: 'password', success: true }, { method: 'password', success: true, extra: 1 }]) {
      expect((await api.post(`/v1/users/${user.id}/sign-ins`, body)).status).toBe(400);
    }
    expect((await api.post(`/v1/users/usr_01jz0000000000000000000000/sign-ins`, { method: 'password', success: true })).status).toBe(404);
    expect((await api.get(`/v1/users/usr_01jz0000000000000000000000/sign-in-activity`)).status).toBe(404);
  });
});

describe('another organization', () => {
  it('cannot change, delete, sign in, read the history, the past or the sign-ins of a user (404)', async () => {
    const user = await createActiveUser(api);
    const other = apiAs((await bootstrapOrganization('Intruder Co', uniqueEmail('intruder'))).api_key);
    const responses = [
      await patch(other, user.id, { name: 'Hacked' }),
      await remove(other, user.id),
      await other.post(`/v1/users/${user.id}/sign-ins`, { method: 'password', success: true }),
      await other.get(`/v1/users/${user.id}/history`),
      await other.get(`/v1/users/${user.id}?as_of=${new Date().toISOString()}`),
      await other.get(`/v1/users/${user.id}/sign-in-activity`),
    ];
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect((await api.get<UserResource>(`/v1/users/${user.id}`)).body).toEqual(user);
  });
});
