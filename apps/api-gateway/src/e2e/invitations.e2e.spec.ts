/**
 * Invitations end to end, through the gateway, on real Kafka, Postgres and SMTP: the token is
 * always taken from the email the SMTP catcher actually received. Expiry (7 days) cannot be
 * reached through the real API in a test run; it is covered by the Invitation aggregate's unit
 * tests (expired → gone, `expired` shown on read) — here `?status=expired` is only checked to
 * be accepted and to exclude fresh invitations.
 */
import type { AuditEntryResource, InvitationResource, Page, UserResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, eventually, request, uniqueEmail, type BootstrapResult, invitationTokens } from '@steward/testing';

let org: BootstrapResult;
let api: ReturnType<typeof apiAs>;

beforeAll(async () => {
  org = await bootstrapOrganization('Invitations Co', uniqueEmail('inv-owner'));
  api = apiAs(org.api_key);
});

async function invite(label: string, role = 'editor'): Promise<{ user: UserResource; email: string; token: string }> {
  const email = uniqueEmail(label);
  const created = await api.post<UserResource>('/v1/users', { name: `Invitee ${label}`, email, role });
  expect(created.status).toBe(201);
  const [token] = await invitationTokens(email, 1);
  return { user: created.body, email, token };
}

/** Accept/decline are public: no Authorization header at all. */
const accept = (token: unknown) => request<InvitationResource>('POST', '/v1/invitations/accept', { body: { token } });
const decline = (token: unknown) => request<InvitationResource>('POST', '/v1/invitations/decline', { body: { token } });

async function invitationOf(userId: string, client = api): Promise<InvitationResource | undefined> {
  const page = await client.get<Page<InvitationResource>>('/v1/invitations?limit=100');
  expect(page.status).toBe(200);
  return page.body.data.find((i) => i.user_id === userId);
}

async function auditEntry(action: string, targetId: string): Promise<AuditEntryResource> {
  return eventually(
    async () => {
      const res = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=${action}&limit=100`);
      return res.body.data.find((e) => e.target.id === targetId);
    },
    { what: `the ${action} audit entry of ${targetId}` },
  );
}

function expectGone(res: Awaited<ReturnType<typeof request>>): void {
  expect(res.status).toBe(410);
  expect(res.body).toEqual({
    error: expect.objectContaining({ code: 'gone', status: 410, message: expect.any(String), request_id: res.headers.get('x-request-id') }),
  });
}

describe('POST /v1/invitations/accept', () => {
  it('accepts with the token from the email, without an API key: 200, the user becomes active, the token is then gone', async () => {
    const { user, email, token } = await invite('accepter');
    const res = await accept(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^inv_[0-9a-z]{26}$/),
      email,
      user_id: user.id,
      workspace_id: null,
      role: 'editor',
      status: 'accepted',
      expires_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      version: 2,
    });
    expect(res.text).not.toContain(token);
    expect(Date.parse(res.body.expires_at) - Date.parse(res.body.created_at)).toBe(7 * 24 * 60 * 60 * 1000);

    const after = await api.get<UserResource>(`/v1/users/${user.id}`);
    expect(after.body.status).toBe('active');

    expectGone(await accept(token));
    expectGone(await decline(token));
    expect((await invitationOf(user.id))?.status).toBe('accepted');

    const entry = await auditEntry('invitation.accept', res.body.id);
    expect(entry).toMatchObject({
      actor: { type: 'user', id: user.id },
      target: { type: 'invitation', id: res.body.id },
      request_id: res.headers.get('x-request-id'),
      changes: { status: { from: 'pending', to: 'accepted' } },
    });
    const activated = await auditEntry('user.activate', user.id);
    expect(activated.actor).toEqual({ type: 'user', id: user.id });
  });

  it('lets exactly one of two simultaneous accepts and a decline win; the others are gone', async () => {
    const { user, token } = await invite('racer');
    const results = await Promise.all([accept(token), accept(token), decline(token)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
    const winner = results.find((r) => r.status === 200);
    expect((await invitationOf(user.id))?.status).toBe(winner?.body.status);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['empty', ''],
    ['well-shaped but unknown', `inv_01h00000000000000000000000.${'A'.repeat(43)}`],
    ['very long', 'x'.repeat(2048)],
  ])('answers 410 gone with the error envelope for a %s token', async (_label, token) => {
    expectGone(await accept(token));
    expectGone(await decline(token));
  });

  it('answers 400 for a missing token, a non-string token or an unknown field', async () => {
    for (const body of [{}, { token: 42 }, { token: 'x', extra: true }]) {
      const res = await request('POST', '/v1/invitations/accept', { body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});

describe('POST /v1/invitations/decline', () => {
  it('declines with the token: 200 declined; the token is then gone and the user stays invited', async () => {
    const { user, token } = await invite('decliner');
    const res = await decline(token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_id: user.id, status: 'declined' });
    expectGone(await decline(token));
    expectGone(await accept(token));
    expect((await api.get<UserResource>(`/v1/users/${user.id}`)).body.status).toBe('invited');
    const entry = await auditEntry('invitation.decline', res.body.id);
    expect(entry.actor).toEqual({ type: 'user', id: user.id });
  });
});

describe('POST /v1/users/{id}/resend-invitation', () => {
  it('sends a second email with a new token; the first token is gone, the second works', async () => {
    const { user, email, token: first } = await invite('resent');
    const before = await invitationOf(user.id);
    const res = await api.post<InvitationResource>(`/v1/users/${user.id}/resend-invitation`, undefined);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: before?.id, user_id: user.id, status: 'pending', version: 2 });
    expect(Date.parse(res.body.expires_at)).toBeGreaterThanOrEqual(Date.parse(before?.expires_at ?? ''));
    expect(res.text).not.toMatch(/token/i);

    const tokens = await invitationTokens(email, 2);
    const second = tokens.find((t) => t !== first);
    expect(second).toBeDefined();
    expectGone(await accept(first));
    const accepted = await accept(second);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    const entry = await auditEntry('invitation.resend', res.body.id);
    expect(entry).toMatchObject({ actor: { type: 'api_key' }, target: { type: 'invitation', id: res.body.id } });

    // Active now: nothing to resend.
    const again = await api.post(`/v1/users/${user.id}/resend-invitation`, undefined);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
  });

  it('answers 409 for an active user, 404 for an unknown user or one of another organization', async () => {
    const active = await api.post<UserResource>('/v1/users', { name: 'Active', email: uniqueEmail('active'), role: 'viewer', send_invitation: false });
    const conflict = await api.post(`/v1/users/${active.body.id}/resend-invitation`, undefined);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'conflict' } });

    const unknown = await api.post('/v1/users/usr_01h00000000000000000000000/resend-invitation', undefined);
    expect(unknown.status).toBe(404);

    const { user } = await invite('not-theirs');
    const other = await bootstrapOrganization('Resend Nosy', uniqueEmail('nosy'));
    const probe = await apiAs(other.api_key).post(`/v1/users/${user.id}/resend-invitation`, undefined);
    expect(probe.status).toBe(404);
    expect(probe.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('DELETE /v1/invitations/{id}', () => {
  it('revokes a pending invitation (204): its token is gone, it lists as revoked, a second revoke is 409', async () => {
    const { user, token } = await invite('revoked');
    const invitation = await invitationOf(user.id);
    expect(invitation?.status).toBe('pending');

    const other = await bootstrapOrganization('Revoke Nosy', uniqueEmail('nosy'));
    const probe = await apiAs(other.api_key).request('DELETE', `/v1/invitations/${invitation?.id}`);
    expect(probe.status).toBe(404);

    const res = await api.request('DELETE', `/v1/invitations/${invitation?.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectGone(await accept(token));
    expect((await invitationOf(user.id))?.status).toBe('revoked');

    const again = await api.request('DELETE', `/v1/invitations/${invitation?.id}`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict' } });
    // A revoked invitation cannot be resent either.
    expect((await api.post(`/v1/users/${user.id}/resend-invitation`, undefined)).status).toBe(409);

    const entry = await auditEntry('invitation.revoke', invitation?.id ?? '');
    expect(entry).toMatchObject({ actor: { type: 'api_key' }, changes: { status: { from: 'pending', to: 'revoked' } } });
  });

  it('answers 412 for a stale If-Match, 404 for an unknown id', async () => {
    const { user } = await invite('stale');
    const invitation = await invitationOf(user.id);
    const stale = await api.request('DELETE', `/v1/invitations/${invitation?.id}`, { headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'precondition_failed' } });
    const fresh = await api.request('DELETE', `/v1/invitations/${invitation?.id}`, { headers: { 'if-match': '"1"' } });
    expect(fresh.status).toBe(204);

    const unknown = await api.request('DELETE', '/v1/invitations/inv_01h00000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('needs users:write (403 for a users:read key)', async () => {
    const { user } = await invite('scoped');
    const invitation = await invitationOf(user.id);
    const key = await api.post<{ secret: string }>('/v1/api-keys', { name: 'reader', scopes: ['users:read'] });
    expect(key.status).toBe(201);
    const reader = apiAs(key.body.secret);
    expect((await reader.get('/v1/invitations')).status).toBe(200);
    const refused = await reader.request('DELETE', `/v1/invitations/${invitation?.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    expect((await reader.post(`/v1/users/${user.id}/resend-invitation`, undefined)).status).toBe(403);
  });
});

describe('GET /v1/invitations', () => {
  it('lists newest first, paginated, filtered by status and workspace, never showing a token', async () => {
    const local = await bootstrapOrganization('Invitation List Co', uniqueEmail('lister'));
    const client = apiAs(local.api_key);
    const users: UserResource[] = [];
    const emails: string[] = [];
    for (let i = 0; i < 4; i++) {
      const email = uniqueEmail(`list${i}`);
      emails.push(email);
      users.push((await client.post<UserResource>('/v1/users', { name: `L${i}`, email, role: 'viewer' })).body);
    }
    const all = await client.get<Page<InvitationResource>>('/v1/invitations');
    expect(all.status).toBe(200);
    expect(all.body.data.map((i) => i.user_id)).toEqual([...users].reverse().map((u) => u.id));
    expect(all.text).not.toMatch(/token|hash/i);

    // Pages of 3, then 1; no repeats.
    const first = await client.get<Page<InvitationResource>>('/v1/invitations?limit=3');
    expect(first.body.meta.has_more).toBe(true);
    const rest = await client.get<Page<InvitationResource>>(`/v1/invitations?limit=3&cursor=${first.body.meta.next_cursor}`);
    expect([...first.body.data, ...rest.body.data].map((i) => i.id)).toEqual(all.body.data.map((i) => i.id));
    expect(rest.body.meta).toEqual({ next_cursor: null, has_more: false });

    // One accepted, one declined, one revoked, one left pending.
    const tokens = await Promise.all(emails.map(async (e) => (await invitationTokens(e, 1))[0]));
    expect((await accept(tokens[0])).status).toBe(200);
    expect((await decline(tokens[1])).status).toBe(200);
    const third = all.body.data.find((i) => i.user_id === users[2].id);
    expect((await client.request('DELETE', `/v1/invitations/${third?.id}`)).status).toBe(204);

    const byStatus = async (status: string) =>
      (await client.get<Page<InvitationResource>>(`/v1/invitations?status=${status}`)).body.data.map((i) => i.user_id);
    expect(await byStatus('accepted')).toEqual([users[0].id]);
    expect(await byStatus('declined')).toEqual([users[1].id]);
    expect(await byStatus('revoked')).toEqual([users[2].id]);
    expect(await byStatus('pending')).toEqual([users[3].id]);
    expect(await byStatus('expired')).toEqual([]);

    const inWorkspace = await client.get<Page<InvitationResource>>('/v1/invitations?workspace_id=ws_01h00000000000000000000000');
    expect(inWorkspace.body.data).toEqual([]);

    const bad = await client.get('/v1/invitations?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'status' }] } });

    // Another organization sees none of them.
    const theirs = await api.get<Page<InvitationResource>>('/v1/invitations?limit=100');
    expect(theirs.body.data.filter((i) => users.some((u) => u.id === i.user_id))).toEqual([]);
  });

  it('needs an API key', async () => {
    const res = await request('GET', '/v1/invitations');
    expect(res.status).toBe(401);
  });
});
