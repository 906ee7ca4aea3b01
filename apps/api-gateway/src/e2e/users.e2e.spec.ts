/**
 * The first slice end to end, through the gateway, on real Kafka, Postgres and SMTP:
 * bootstrap → create → get → list → invitation email → audit entry.
 */
import type { AuditEntryResource, Page, UserResource } from '@steward/contracts';
import { apiAs, bootstrapOrganization, emailsTo, eventually, request, uniqueEmail, type BootstrapResult } from '@steward/testing';

let acme: BootstrapResult;
let api: ReturnType<typeof apiAs>;

beforeAll(async () => {
  acme = await bootstrapOrganization('Acme', uniqueEmail('owner'));
  api = apiAs(acme.api_key);
});

async function createUser(body: Record<string, unknown>) {
  return api.post<UserResource>('/v1/users', body);
}

describe('npm run bootstrap', () => {
  it('prints exactly one JSON line with the organization, the owner and an admin key', async () => {
    const result = await bootstrapOrganization('Bootstrap Co', uniqueEmail('boss'));
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.organization_id).toMatch(/^org_[0-9a-z]{26}$/);
    expect(result.user_id).toMatch(/^usr_[0-9a-z]{26}$/);
    expect(result.api_key).toMatch(/^sk_live_[0-9A-Za-z]{46}$/);
    const owner = await apiAs(result.api_key).get<UserResource>(`/v1/users/${result.user_id}`);
    expect(owner.status).toBe(200);
    expect(owner.body).toMatchObject({ role: 'owner', status: 'active' });
  });
});

describe('POST /v1/users', () => {
  it('creates an invited user (201), readable at once by GET, with ETag and X-Request-Id', async () => {
    const email = uniqueEmail('alex');
    const created = await createUser({ name: 'Alex Morgan', email, role: 'editor' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^usr_/),
      name: 'Alex Morgan',
      email,
      role: 'editor',
      status: 'invited',
      workspace_ids: [],
      last_login_at: null,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      updated_at: created.body.created_at,
      version: 1,
    });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('x-request-id')).toMatch(/^req_/);

    const fetched = await api.get<UserResource>(`/v1/users/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('sends the invitation email with an accept link carrying a token, exactly once', async () => {
    const email = uniqueEmail('invitee');
    const created = await createUser({ name: 'Ivy Invitee', email, role: 'viewer' });
    expect(created.status).toBe(201);
    const [mail] = await eventually(async () => {
      const mails = await emailsTo(email);
      return mails.length ? mails : undefined;
    }, { what: `the invitation email to ${email}` });
    expect(mail.subject).toMatch(/invit/i);
    const link = /https?:\/\/\S+\?token=([A-Za-z0-9_.-]+)/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(link?.[1]).toMatch(/^inv_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/);
    // Give a duplicate time to show up: none must.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('creates an active user and sends no email when send_invitation is false', async () => {
    const email = uniqueEmail('quiet');
    const created = await createUser({ name: 'Quiet', email, role: 'viewer', send_invitation: false });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('active');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await emailsTo(email)).toHaveLength(0);
  });

  it('answers 409 email_taken for the same email in another case, and the same email works in another organization', async () => {
    const email = uniqueEmail('dup');
    expect((await createUser({ name: 'First', email, role: 'viewer', send_invitation: false })).status).toBe(201);
    const again = await createUser({ name: 'Second', email: email.toUpperCase(), role: 'viewer', send_invitation: false });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'email_taken', status: 409 } });

    const other = await bootstrapOrganization('Other Org', uniqueEmail('other'));
    const elsewhere = await apiAs(other.api_key).post('/v1/users', { name: 'Same', email, role: 'viewer', send_invitation: false });
    expect(elsewhere.status).toBe(201);
  });
});

describe('GET /v1/users', () => {
  it('pages newest first through every user with no repeats, even while users are added', async () => {
    const org = await bootstrapOrganization('Paging Co', uniqueEmail('pager'));
    const pager = apiAs(org.api_key);
    const ids: string[] = [org.user_id];
    for (let i = 0; i < 6; i++) {
      const res = await pager.post<UserResource>('/v1/users', { name: `User ${i}`, email: uniqueEmail(`p${i}`), role: 'viewer', send_invitation: false });
      ids.push(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof pager.get<Page<UserResource>>>> = await pager.get<Page<UserResource>>(`/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.data.map((u) => u.id));
      cursor = page.body.meta.next_cursor;
      expect(page.body.meta.has_more).toBe(cursor !== null);
      if (pages++ === 0) {
        // A user created mid-iteration is newer than the cursor: it must not disturb the rest.
        await pager.post('/v1/users', { name: 'Late', email: uniqueEmail('late'), role: 'viewer', send_invitation: false });
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(4);
  });

  it('filters by role and status', async () => {
    const org = await bootstrapOrganization('Filter Co', uniqueEmail('filter'));
    const client = apiAs(org.api_key);
    await client.post('/v1/users', { name: 'Ed', email: uniqueEmail('ed'), role: 'editor', send_invitation: false });
    await client.post('/v1/users', { name: 'Vi', email: uniqueEmail('vi'), role: 'viewer' });
    const editors = await client.get<Page<UserResource>>('/v1/users?role=editor');
    expect(editors.body.data.map((u) => u.name)).toEqual(['Ed']);
    const invited = await client.get<Page<UserResource>>('/v1/users?status=invited');
    expect(invited.body.data.map((u) => u.name)).toEqual(['Vi']);
    const owners = await client.get<Page<UserResource>>('/v1/users?role=owner&status=active');
    expect(owners.body.data.map((u) => u.id)).toEqual([org.user_id]);
  });

  it('defaults to 20 per page', async () => {
    const res = await api.get<Page<UserResource>>('/v1/users');
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(20);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organization's user and never lists it", async () => {
    const created = await createUser({ name: 'Private', email: uniqueEmail('private'), role: 'viewer', send_invitation: false });
    const other = await bootstrapOrganization('Nosy Org', uniqueEmail('nosy'));
    const nosy = apiAs(other.api_key);
    const probe = await nosy.get(`/v1/users/${created.body.id}`);
    expect(probe.status).toBe(404);
    expect(probe.body).toMatchObject({ error: { code: 'not_found' } });
    const list = await nosy.get<Page<UserResource>>('/v1/users?limit=100');
    expect(list.body.data.map((u) => u.id)).toEqual([other.user_id]);
  });
});

describe('GET /v1/audit-logs', () => {
  it('shows the user.create entry with actor, target, request id and changes', async () => {
    const email = uniqueEmail('audited');
    const created = await api.post<UserResource>('/v1/users', { name: 'Audited', email, role: 'viewer', send_invitation: false }, { 'x-request-id': `e2e-${Date.now()}` });
    const requestId = created.headers.get('x-request-id');
    const entry = await eventually(async () => {
      const res = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?action=user.create&user_id=${created.body.id}`);
      return res.body.data[0];
    }, { what: 'the audit entry' });
    expect(entry).toMatchObject({
      id: expect.stringMatching(/^aud_/),
      action: 'user.create',
      actor: { type: 'api_key', id: expect.stringMatching(/^key_/) },
      target: { type: 'user', id: created.body.id },
      request_id: requestId,
      event_id: expect.stringMatching(/^evt_/),
      changes: { email: { from: null, to: email }, role: { from: null, to: 'viewer' } },
    });
  });

  it('filters by time window and refuses a malformed time', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const created = await createUser({ name: 'Timed', email: uniqueEmail('timed'), role: 'viewer', send_invitation: false });
    await eventually(async () => {
      const res = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${created.body.id}&start_time=${before}`);
      return res.body.data.length ? res.body.data : undefined;
    }, { what: 'the entry inside the window' });
    const past = await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${created.body.id}&end_time=${before}`);
    expect(past.body.data).toEqual([]);
    const bad = await api.get(`/v1/audit-logs?start_time=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_request', details: [{ field: 'start_time' }] } });
  });

  it("never shows another organization's entries", async () => {
    const other = await bootstrapOrganization('Auditor Org', uniqueEmail('auditor'));
    const created = await createUser({ name: 'Hidden', email: uniqueEmail('hidden'), role: 'viewer', send_invitation: false });
    await eventually(async () => (await api.get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${created.body.id}`)).body.data[0], { what: 'own entry' });
    const theirs = await apiAs(other.api_key).get<Page<AuditEntryResource>>(`/v1/audit-logs?user_id=${created.body.id}`);
    expect(theirs.body.data).toEqual([]);
  });
});

describe('bad input answers its envelope and changes nothing', () => {
  async function userCount(): Promise<number> {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof api.get<Page<UserResource>>>> = await api.get<Page<UserResource>>(`/v1/users?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      count += page.body.data.length;
      cursor = page.body.meta.next_cursor;
    } while (cursor);
    return count;
  }

  const valid = { name: 'Valid Name', role: 'viewer', send_invitation: false };

  const cases: [string, () => Promise<Awaited<ReturnType<typeof request>>>, number, string][] = [
    ['unknown route', () => api.get('/v1/nothing-here'), 404, 'not_found'],
    ['unknown method on a known route', () => api.request('DELETE', '/v1/users'), 405, 'method_not_allowed'],
    ['malformed JSON', () => api.request('POST', '/v1/users', { rawBody: '{"name": ', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json'],
    ['an unknown body field', () => api.post('/v1/users', { ...valid, email: uniqueEmail('x'), admin: true }), 400, 'invalid_request'],
    ['a missing required field', () => api.post('/v1/users', { role: 'viewer', email: uniqueEmail('x') }), 400, 'invalid_request'],
    ['a malformed email', () => api.post('/v1/users', { ...valid, email: 'not-an-email' }), 400, 'invalid_request'],
    ['an unknown role', () => api.post('/v1/users', { ...valid, email: uniqueEmail('x'), role: 'emperor' }), 400, 'invalid_request'],
    ['a wrong type', () => api.post('/v1/users', { ...valid, email: uniqueEmail('x'), send_invitation: 'yes' }), 400, 'invalid_request'],
    ['a non-JSON content type', () => api.request('POST', '/v1/users', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type'],
    ['limit=0', () => api.get('/v1/users?limit=0'), 400, 'invalid_request'],
    ['limit=101', () => api.get('/v1/users?limit=101'), 400, 'invalid_request'],
    ['limit=abc', () => api.get('/v1/users?limit=abc'), 400, 'invalid_request'],
    ['a malformed cursor', () => api.get('/v1/users?cursor=%%%garbage'), 400, 'invalid_request'],
    ['an unknown query parameter', () => api.get('/v1/users?colour=blue'), 400, 'invalid_request'],
    ['no Authorization header', () => request('POST', '/v1/users', { body: { ...valid, email: uniqueEmail('x') } }), 401, 'unauthorized'],
    ['a malformed key', () => request('POST', '/v1/users', { key: 'sk_live_nope', body: { ...valid, email: uniqueEmail('x') } }), 401, 'invalid_api_key'],
    ['a well-formed key that does not exist', () => request('GET', '/v1/users', { key: `${acme.api_key.slice(0, 8)}${'A'.repeat(40)}${acme.api_key.slice(-6)}` }), 401, 'invalid_api_key'],
  ];

  it.each(cases)('%s', async (_label, send, status, code) => {
    const before = await userCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({
      error: expect.objectContaining({ code, status, message: expect.any(String), request_id: res.headers.get('x-request-id') }),
    });
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
    expect(await userCount()).toBe(before);
  });

  it('echoes a client-sent X-Request-Id on errors too', async () => {
    const res = await request('GET', '/v1/users', { headers: { 'x-request-id': 'client-chosen-123' } });
    expect(res.headers.get('x-request-id')).toBe('client-chosen-123');
    expect(res.body).toMatchObject({ error: { request_id: 'client-chosen-123', code: 'unauthorized' } });
  });

  it('answers 404 for an unknown user id', async () => {
    const res = await api.get('/v1/users/usr_01h00000000000000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });
});
