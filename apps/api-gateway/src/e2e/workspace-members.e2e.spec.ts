/**
 * Workspace membership end to end, on the real stack: invitations to a workspace (owned by
 * identity, the token always read from the email the SMTP catcher received), memberships
 * (workspace service) made and ended by events — accepting, creating a user with
 * `workspace_ids`, removing, deleting the user, deleting the workspace — identity's
 * `workspace_ids`, manager grants named from the workspaces replica, the audit trail and tenant
 * isolation. Whatever crosses services is awaited with `eventually`.
 */
import type {
  ApiKeyResource,
  AuditEntryResource,
  InvitationResource,
  ManagerResource,
  Page,
  UserResource,
  WorkspaceMemberResource,
  WorkspaceResource,
} from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type BootstrapResult, invitationTokens } from '@steward/testing';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Across services (Kafka consumers), the first event of a run may wait for a group to form. */
const ACROSS = { timeoutMs: 30000 };

type Client = ReturnType<typeof apiAs>;
let org: BootstrapResult;
let api: Client;

beforeAll(async () => {
  org = await bootstrapOrganization('Members Co', uniqueEmail('members-owner'));
  api = apiAs(org.api_key);
});

let workspaceCount = 0;
async function createWorkspace(body: { name?: string; parent_id?: string } = {}, client = api): Promise<WorkspaceResource> {
  const res = await client.post<WorkspaceResource>('/v1/workspaces', { name: `Team ${++workspaceCount} ${Date.now()}`, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

async function createUser(body: { workspace_ids?: string[]; role?: string } = {}): Promise<UserResource> {
  const res = await api.post<UserResource>('/v1/users', { name: 'Robin Member', email: uniqueEmail('member'), role: 'viewer', send_invitation: false, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

const invite = (workspaceId: string, body: unknown, client = api) => client.post<InvitationResource>(`/v1/workspaces/${workspaceId}/invitations`, body);
const accept = (token: string) => request<InvitationResource>('POST', '/v1/invitations/accept', { body: { token } });

async function members(workspaceId: string, client = api): Promise<WorkspaceMemberResource[]> {
  const res = await client.get<Page<WorkspaceMemberResource>>(`/v1/workspaces/${workspaceId}/members?limit=100`);
  expect(res.status).toBe(200);
  return res.body.data;
}

/** Waits until the user is (or is no longer) listed as a member; returns the member when listed. */
async function untilMember(workspaceId: string, userId: string): Promise<WorkspaceMemberResource> {
  return eventually(async () => (await members(workspaceId)).find((m) => m.user_id === userId), { what: `${userId} listed in ${workspaceId}`, ...ACROSS });
}
async function untilNotMember(workspaceId: string, userId: string): Promise<void> {
  await eventually(async () => ((await members(workspaceId)).some((m) => m.user_id === userId) ? undefined : true), {
    what: `${userId} gone from ${workspaceId}`,
    ...ACROSS,
  });
}

/** Waits until identity's `workspace_ids` of the user satisfies `check`. */
async function untilWorkspaceIds(userId: string, check: (ids: string[]) => boolean, what: string): Promise<string[]> {
  return eventually(
    async () => {
      const res = await api.get<UserResource>(`/v1/users/${userId}`);
      return res.status === 200 && check(res.body.workspace_ids) ? res.body.workspace_ids : undefined;
    },
    { what, ...ACROSS },
  );
}

async function auditEntry(action: string, userId: string, workspaceId: string): Promise<AuditEntryResource> {
  return eventually(
    async () => {
      const res = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&user_id=${userId}&limit=100`);
      return res.body.data.find((e) => e.workspace_id === workspaceId && e.target.id === userId);
    },
    { what: `the ${action} audit entry of ${userId} in ${workspaceId}`, ...ACROSS },
  );
}

describe('POST /v1/workspaces/{id}/invitations', () => {
  it('invites a new email: the email arrives, accepting makes an active user of the organization and a listed member', async () => {
    const workspace = await createWorkspace();
    const email = uniqueEmail('ws-newcomer');
    const res = await invite(workspace.id, { email, role: 'editor' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^inv_[0-9a-z]{26}$/),
      email,
      user_id: expect.stringMatching(/^usr_[0-9a-z]{26}$/),
      workspace_id: workspace.id,
      role: 'editor',
      status: 'pending',
      expires_at: expect.stringMatching(ISO),
      created_at: expect.stringMatching(ISO),
      version: 1,
    });
    expect(res.headers.get('etag')).toBe('"1"');
    const userId = res.body.user_id;

    // The person is a user of the organization already, invited, and not a member yet.
    const invited = await api.get<UserResource>(`/v1/users/${userId}`);
    expect(invited.body).toMatchObject({ email, status: 'invited', role: 'editor', workspace_ids: [] });
    expect((await members(workspace.id)).map((m) => m.user_id)).not.toContain(userId);

    const [token] = await invitationTokens(email, 1);
    expect(res.text).not.toContain(token);
    const accepted = await accept(token);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: res.body.id, user_id: userId, workspace_id: workspace.id, status: 'accepted' });

    const user = (await api.get<UserResource>(`/v1/users/${userId}`)).body;
    expect(user).toMatchObject({ status: 'active', email, name: email.split('@')[0] });

    const member = await untilMember(workspace.id, userId);
    expect(member).toEqual({ user_id: userId, name: user.name, email, role: 'editor', joined_at: expect.stringMatching(ISO) });
    await untilWorkspaceIds(userId, (ids) => ids.includes(workspace.id), 'identity to record the membership');

    const entry = await auditEntry('workspace.add_member', userId, workspace.id);
    expect(entry).toMatchObject({
      actor: { type: 'user', id: userId },
      target: { type: 'user', id: userId },
      workspace_id: workspace.id,
      request_id: accepted.headers.get('x-request-id'),
      changes: { user_id: { from: null, to: userId }, role: { from: null, to: 'editor' } },
    });
  });

  it('invites an existing active user: accepting makes them a member and leaves them active', async () => {
    const workspace = await createWorkspace();
    const user = await createUser();
    const res = await invite(workspace.id, { email: user.email.toUpperCase(), role: 'viewer' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user_id: user.id, email: user.email, workspace_id: workspace.id, role: 'viewer', status: 'pending' });

    const [token] = await invitationTokens(user.email, 1);
    const accepted = await accept(token);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const after = (await api.get<UserResource>(`/v1/users/${user.id}`)).body;
    expect(after).toMatchObject({ status: 'active', version: user.version });

    expect(await untilMember(workspace.id, user.id)).toMatchObject({ name: 'Robin Member', email: user.email, role: 'viewer' });
    expect((await accept(token)).status).toBe(410);

    // Once identity knows the membership, inviting the member again is a conflict.
    await untilWorkspaceIds(user.id, (ids) => ids.includes(workspace.id), 'identity to record the membership');
    const again = await invite(workspace.id, { email: user.email, role: 'viewer' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('replaces a pending invitation of the same user to the same workspace: the older token is gone', async () => {
    const workspace = await createWorkspace();
    const user = await createUser();
    const first = await invite(workspace.id, { email: user.email, role: 'viewer' });
    const second = await invite(workspace.id, { email: user.email, role: 'editor' });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [oldToken, newToken] = await invitationTokens(user.email, 2);
    expect((await accept(oldToken)).status).toBe(410);
    expect((await accept(newToken)).status).toBe(200);
    expect(await untilMember(workspace.id, user.id)).toMatchObject({ role: 'editor' });
    const listed = await api.get<Page<InvitationResource>>(`/v1/invitations?workspace_id=${workspace.id}&limit=100`);
    expect(listed.body.data.find((i) => i.id === first.body.id)?.status).toBe('revoked');
  });

  it('answers 400 for an invalid email, a missing or unknown role, or an unknown field', async () => {
    const workspace = await createWorkspace();
    const existing = await createUser();
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', role: 'viewer' }, 'email'],
      [{ email: uniqueEmail('x') }, 'role'],
      [{ email: uniqueEmail('x'), role: 'viewer', name: 'extra' }, 'name'],
      [{ email: uniqueEmail('x'), role: 'emperor' }, 'role'],
      [{ email: existing.email, role: 'emperor' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const res = await invite(workspace.id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', details: expect.arrayContaining([expect.objectContaining({ field })]) } });
    }
  });

  it('answers 404 for a workspace that does not exist, and 403 without users:write', async () => {
    const missing = await invite('ws_01h00000000000000000000000', { email: uniqueEmail('nobody'), role: 'viewer' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });

    const workspace = await createWorkspace();
    const key = await api.post<ApiKeyResource & { secret: string }>('/v1/api-keys', { name: 'workspaces only', scopes: ['workspaces:read', 'workspaces:write'] });
    expect(key.status).toBe(201);
    const limited = apiAs(key.body.secret);
    const refused = await invite(workspace.id, { email: uniqueEmail('nobody'), role: 'viewer' }, limited);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    expect((await limited.get(`/v1/workspaces/${workspace.id}/members`)).status).toBe(200);
  });
});

describe('GET /v1/workspaces/{id}/members', () => {
  it('lists members newest first, paginated; a user created with workspace_ids becomes a member of those that exist', async () => {
    const workspace = await createWorkspace();
    const first = await createUser({ workspace_ids: [workspace.id], role: 'editor' });
    await untilMember(workspace.id, first.id);
    const second = await createUser({ workspace_ids: [workspace.id, 'ws_01h00000000000000000000000'] });
    await untilMember(workspace.id, second.id);

    const page1 = await api.get<Page<WorkspaceMemberResource>>(`/v1/workspaces/${workspace.id}/members?limit=1`);
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((m) => m.user_id)).toEqual([second.id]);
    expect(page1.body.meta.has_more).toBe(true);
    const page2 = await api.get<Page<WorkspaceMemberResource>>(`/v1/workspaces/${workspace.id}/members?limit=1&cursor=${page1.body.meta.next_cursor}`);
    expect(page2.body.data).toEqual([{ user_id: first.id, name: 'Robin Member', email: first.email, role: 'editor', joined_at: expect.stringMatching(ISO) }]);
    expect(page2.body.meta).toEqual({ next_cursor: null, has_more: false });

    expect((await api.get(`/v1/workspaces/${workspace.id}/members?limit=0`)).status).toBe(400);
    expect((await api.get(`/v1/workspaces/${workspace.id}/members?cursor=garbage`)).status).toBe(400);
    expect((await api.get('/v1/workspaces/ws_01h00000000000000000000000/members')).status).toBe(404);
  });
});

describe('DELETE /v1/workspaces/{id}/members/{user_id}', () => {
  it('removes a member: 204, gone from the list, identity updated, audited; then 404', async () => {
    const workspace = await createWorkspace();
    const user = await createUser({ workspace_ids: [workspace.id] });
    await untilMember(workspace.id, user.id);
    await untilWorkspaceIds(user.id, (ids) => ids.includes(workspace.id), 'identity to record the membership');

    const res = await api.request('DELETE', `/v1/workspaces/${workspace.id}/members/${user.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await members(workspace.id)).map((m) => m.user_id)).not.toContain(user.id);
    await untilWorkspaceIds(user.id, (ids) => !ids.includes(workspace.id), 'identity to forget the membership');
    const listed = await api.get<Page<UserResource>>(`/v1/users?workspace_id=${workspace.id}`);
    expect(listed.body.data.map((u) => u.id)).not.toContain(user.id);

    const entry = await auditEntry('workspace.remove_member', user.id, workspace.id);
    expect(entry).toMatchObject({ actor: { type: 'api_key' }, request_id: res.headers.get('x-request-id'), changes: { reason: { from: null, to: 'removed' } } });

    const again = await api.request('DELETE', `/v1/workspaces/${workspace.id}/members/${user.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('memberships end through events', () => {
  it('deleting a user ends every membership of theirs', async () => {
    const a = await createWorkspace();
    const b = await createWorkspace();
    const user = await createUser({ workspace_ids: [a.id, b.id] });
    await untilMember(a.id, user.id);
    await untilMember(b.id, user.id);

    expect((await api.request('DELETE', `/v1/users/${user.id}`)).status).toBe(204);
    await untilNotMember(a.id, user.id);
    await untilNotMember(b.id, user.id);
    const entry = await auditEntry('workspace.remove_member', user.id, b.id);
    expect(entry.changes).toMatchObject({ reason: { from: null, to: 'user_deleted' } });
  });

  it('deleting a workspace with cascade ends the memberships of the subtree and revokes pending invitations to it', async () => {
    const parent = await createWorkspace();
    const child = await createWorkspace({ parent_id: parent.id });
    const user = await createUser({ workspace_ids: [parent.id, child.id] });
    await untilMember(child.id, user.id);
    await untilWorkspaceIds(user.id, (ids) => ids.includes(parent.id) && ids.includes(child.id), 'identity to record both memberships');

    const email = uniqueEmail('ws-pending');
    const pending = await invite(child.id, { email, role: 'viewer' });
    expect(pending.status).toBe(201);
    const [token] = await invitationTokens(email, 1);

    expect((await api.request('DELETE', `/v1/workspaces/${parent.id}?cascade=true`)).status).toBe(204);
    expect((await api.get(`/v1/workspaces/${child.id}/members`)).status).toBe(404);
    await untilWorkspaceIds(user.id, (ids) => !ids.includes(parent.id) && !ids.includes(child.id), 'identity to forget both memberships');
    const entry = await auditEntry('workspace.remove_member', user.id, child.id);
    expect(entry.changes).toMatchObject({ reason: { from: null, to: 'workspace_deleted' } });

    await eventually(
      async () => {
        const res = await api.get<Page<InvitationResource>>(`/v1/invitations?workspace_id=${child.id}&limit=100`);
        return res.body.data.find((i) => i.id === pending.body.id && i.status === 'revoked');
      },
      { what: 'the pending invitation to the deleted workspace to be revoked', ...ACROSS },
    );
    expect((await accept(token)).status).toBe(410);
    const again = await invite(child.id, { email: uniqueEmail('late'), role: 'viewer' });
    expect(again.status).toBe(404);
  });
});

describe('managers name their workspaces', () => {
  it('shows workspace names from the replica, drops deleted workspaces, and tells "every workspace" apart', async () => {
    const workspace = await createWorkspace({ name: `Named ${Date.now()}` });
    const doomed = await createWorkspace();
    const user = await createUser();
    const scoped = await api.post<ManagerResource>('/v1/managers', { user_id: user.id, role_id: 'editor', workspace_ids: [workspace.id, doomed.id] });
    expect(scoped.status).toBe(201);
    expect(scoped.body.all_workspaces).toBe(false);
    const named = await eventually(
      async () => {
        const res = await api.get<ManagerResource>(`/v1/managers/${scoped.body.id}`);
        return res.body.workspaces.every((w) => w.name !== null) ? res.body : undefined;
      },
      { what: 'the workspace names in the manager grant', ...ACROSS },
    );
    expect(named.workspaces).toEqual([
      { id: workspace.id, name: workspace.name },
      { id: doomed.id, name: doomed.name },
    ]);

    expect((await api.request('DELETE', `/v1/workspaces/${doomed.id}`)).status).toBe(204);
    await eventually(
      async () => {
        const res = await api.get<ManagerResource>(`/v1/managers/${scoped.body.id}`);
        return res.body.workspaces.length === 1 ? res.body : undefined;
      },
      { what: 'the deleted workspace to drop out of the grant', ...ACROSS },
    );

    const all = await api.post<ManagerResource>('/v1/managers', { user_id: user.id, role_id: 'viewer' });
    expect(all.body).toMatchObject({ workspaces: [], all_workspaces: true });
  });
});

describe('another organization', () => {
  it('sees none of it: 404 on the members, member removal and invitations of a foreign workspace', async () => {
    const workspace = await createWorkspace();
    const user = await createUser({ workspace_ids: [workspace.id] });
    await untilMember(workspace.id, user.id);

    const other = await bootstrapOrganization('Elsewhere Ltd', uniqueEmail('elsewhere'));
    const them = apiAs(other.api_key);
    const responses = [
      await them.get(`/v1/workspaces/${workspace.id}/members`),
      await them.request('DELETE', `/v1/workspaces/${workspace.id}/members/${user.id}`),
      await invite(workspace.id, { email: uniqueEmail('foreign'), role: 'viewer' }, them),
    ];
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    expect((await members(workspace.id)).map((m) => m.user_id)).toContain(user.id);
  });
});
