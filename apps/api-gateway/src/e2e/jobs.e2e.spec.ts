/**
 * The Jobs API end to end (API.md "Jobs"): the notification service's email jobs of the key's
 * organization — listed newest first with filters and pagination, counted per type and state,
 * deleted in bulk by state (and type) or one by one, a dead job retried; another organization's
 * jobs are 404 and never touched; bad filters are 400; scopes `jobs:read` / `jobs:write`.
 * Jobs waiting to be retried come from a real SMTP outage (`withSmtpOutage`).
 */
import type { ApiKeyResource, JobResource, JobStats, Page, UserResource } from '@steward/contracts';
import {
  apiAs,
  bootstrapOrganization,
  emailsTo,
  eventually,
  invitationJobTo,
  uniqueEmail,
  withSmtpOutage,
  type BootstrapResult,
} from '@steward/testing';

type Client = ReturnType<typeof apiAs>;

/** The first email of a run may wait for the notification consumer to join its group. */
const ACROSS = { timeoutMs: 30000, intervalMs: 200 };
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let org: BootstrapResult;
let api: Client;
let otherOrg: BootstrapResult;
let other: Client;

beforeAll(async () => {
  org = await bootstrapOrganization('Jobs Co', uniqueEmail('jobs-owner'));
  api = apiAs(org.api_key);
  otherOrg = await bootstrapOrganization('Other Jobs Co', uniqueEmail('jobs-other'));
  other = apiAs(otherOrg.api_key);
});

async function invite(client: Client, label: string): Promise<string> {
  const email = uniqueEmail(label);
  const created = await client.post<UserResource>('/v1/users', { name: `Person ${label}`, email, role: 'editor' });
  expect(created.status).toBe(201);
  return email;
}

function jobOf(email: string, state: JobResource['state'], client = api): Promise<JobResource> {
  return eventually(
    async () => {
      const job = await invitationJobTo(client, email);
      return job?.state === state ? job : undefined;
    },
    { what: `the invitation job to ${email} in ${state}`, ...ACROSS },
  );
}

async function keyWith(scopes: string[]): Promise<Client> {
  const res = await api.post<ApiKeyResource & { secret: string }>('/v1/api-keys', { name: `Jobs ${scopes.join(' ')}`, scopes });
  expect(res.status).toBe(201);
  return apiAs(res.body.secret);
}

describe('GET /v1/jobs', () => {
  let firstEmail: string;
  let first: JobResource;
  let second: JobResource;

  beforeAll(async () => {
    firstEmail = await invite(api, 'listed-a');
    first = await jobOf(firstEmail, 'done');
    const b = await invite(api, 'listed-b');
    second = await jobOf(b, 'done');
  });

  it('shows a job as API.md does, with a payload summary that holds no secret', async () => {
    expect(first).toEqual({
      id: expect.stringMatching(/^job_[0-9a-z]{26}$/),
      type: 'email.invitation',
      state: 'done',
      attempts: 1,
      max_attempts: 5,
      last_error: null,
      run_at: expect.stringMatching(TIME),
      created_at: expect.stringMatching(TIME),
      payload_summary: {
        to: firstEmail,
        invitation_id: expect.stringMatching(/^inv_/),
        user_id: expect.stringMatching(/^usr_/),
        role: 'editor',
        workspace_id: null,
        kind: 'created',
        expires_at: expect.stringMatching(TIME),
      },
    });
    // The token in the email appears nowhere in the job, nor its MAC (nonce-derived) part.
    const [mail] = await emailsTo(firstEmail);
    const token = decodeURIComponent(/\?token=([A-Za-z0-9_.%-]+)/.exec(mail.text)?.[1] ?? '');
    expect(token).toMatch(/^inv_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/);
    const listed = await api.get('/v1/jobs?limit=100');
    for (const secret of [token, token.split('.')[1]]) expect(listed.text).not.toContain(secret);
  });

  it('lists newest first, paginated by cursor', async () => {
    const page1 = await api.get<Page<JobResource>>('/v1/jobs?limit=1');
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((j) => j.id)).toEqual([second.id]);
    expect(page1.body.meta).toEqual({ has_more: true, next_cursor: expect.any(String) });
    const page2 = await api.get<Page<JobResource>>(`/v1/jobs?limit=1&cursor=${page1.body.meta.next_cursor}`);
    expect(page2.body.data.map((j) => j.id)).toEqual([first.id]);
  });

  it('filters by state and type', async () => {
    const done = await api.get<Page<JobResource>>('/v1/jobs?state=done&type=email.invitation&limit=100');
    expect(done.status).toBe(200);
    expect(done.body.data.map((j) => j.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(done.body.data.every((j) => j.state === 'done' && j.type === 'email.invitation')).toBe(true);
    for (const query of ['state=dead', 'state=queued', 'type=email.destination_key']) {
      const none = await api.get<Page<JobResource>>(`/v1/jobs?${query}`);
      expect(none.status).toBe(200);
      expect(none.body.data.map((j) => j.id)).not.toContain(first.id);
    }
  });

  it('shows only the key\'s organization', async () => {
    const theirs = await other.get<Page<JobResource>>('/v1/jobs?limit=100');
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.map((j) => j.id)).not.toContain(first.id);
  });

  it('refuses an unknown state or type, and a bad limit (400)', async () => {
    for (const query of ['state=failed', 'state=DONE', 'type=sms', 'limit=0', 'limit=101', 'status=done']) {
      const res = await api.get(`/v1/jobs?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', status: 400 } });
    }
  });
});

describe('GET /v1/jobs/stats', () => {
  it('counts the organization\'s jobs per type and state, every known type listed', async () => {
    const email = await invite(api, 'counted');
    await jobOf(email, 'done');
    const stats = await api.get<JobStats>('/v1/jobs/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.data.map((s) => s.type)).toEqual(['email.destination_key', 'email.invitation']);
    const invitations = stats.body.data.find((s) => s.type === 'email.invitation');
    const listed = await api.get<Page<JobResource>>('/v1/jobs?type=email.invitation&state=done&limit=100');
    expect(invitations?.counts).toEqual({ queued: 0, retry: 0, dead: 0, done: listed.body.data.length });
    expect(invitations?.total).toBe(listed.body.data.length);

    const fresh = await bootstrapOrganization('No Jobs Co', uniqueEmail('no-jobs'));
    const empty = await apiAs(fresh.api_key).get<JobStats>('/v1/jobs/stats');
    expect(empty.body).toEqual({
      data: [
        { type: 'email.destination_key', counts: { queued: 0, retry: 0, dead: 0, done: 0 }, total: 0 },
        { type: 'email.invitation', counts: { queued: 0, retry: 0, dead: 0, done: 0 }, total: 0 },
      ],
    });
  });
});

describe('DELETE /v1/jobs (bulk)', () => {
  it('deletes the organization\'s jobs in a state and of a type, cancelling their emails, and no one else\'s', async () => {
    const ours: string[] = [];
    let theirs = '';
    await withSmtpOutage(async () => {
      ours.push(await invite(api, 'bulk-a'), await invite(api, 'bulk-b'));
      theirs = await invite(other, 'bulk-other');
      for (const email of ours) await jobOf(email, 'retry');
      await jobOf(theirs, 'retry', other);

      const res = await api.request('DELETE', '/v1/jobs?state=retry&type=email.invitation');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      for (const email of ours) expect(await invitationJobTo(api, email)).toBeUndefined();
      const stats = await api.get<JobStats>('/v1/jobs/stats');
      expect(stats.body.data.find((s) => s.type === 'email.invitation')?.counts.retry).toBe(0);
    });

    // The other organization's job survived and delivers; ours were cancelled.
    await jobOf(theirs, 'done', other);
    expect(await emailsTo(theirs)).toHaveLength(1);
    for (const email of ours) expect(await emailsTo(email)).toHaveLength(0);
  });

  it('needs a state of queued, retry or dead, and a known type (400)', async () => {
    for (const query of ['', '?type=email.invitation', '?state=done', '?state=all', '?state=dead&type=sms', '?state=dead&extra=1']) {
      const res = await api.request('DELETE', `/v1/jobs${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});

describe('DELETE /v1/jobs/{id}', () => {
  it('deletes one job (204), then 404; another organization\'s job is 404 and stays', async () => {
    const email = await invite(api, 'deleted-one');
    const job = await jobOf(email, 'done');
    const theirsEmail = await invite(other, 'kept');
    const theirs = await jobOf(theirsEmail, 'done', other);

    const probe = await api.request('DELETE', `/v1/jobs/${theirs.id}`);
    expect(probe.status).toBe(404);
    expect(probe.body).toMatchObject({ error: { code: 'not_found' } });
    expect((await invitationJobTo(other, theirsEmail))?.id).toBe(theirs.id);

    const res = await api.request('DELETE', `/v1/jobs/${job.id}`);
    expect(res.status).toBe(204);
    expect(await invitationJobTo(api, email)).toBeUndefined();
    expect((await api.request('DELETE', `/v1/jobs/${job.id}`)).status).toBe(404);
  });
});

describe('POST /v1/jobs/{id}/retry', () => {
  it('refuses a job that is not dead (409), an unknown id and another organization\'s job (404)', async () => {
    const email = await invite(api, 'not-dead');
    const done = await jobOf(email, 'done');
    const conflict = await api.post(`/v1/jobs/${done.id}/retry`, undefined);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ error: { code: 'conflict', details: [{ field: 'state', issue: 'not_dead' }] } });
    expect((await invitationJobTo(api, email))?.state).toBe('done');

    const unknown = await api.post('/v1/jobs/job_01h00000000000000000000000/retry', undefined);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });

    const foreign = await other.post(`/v1/jobs/${done.id}/retry`, undefined);
    expect(foreign.status).toBe(404);
  });
});

describe('scopes', () => {
  it('jobs:read lists and counts but cannot delete or retry (403); without it nothing (403)', async () => {
    const reader = await keyWith(['jobs:read']);
    expect((await reader.get('/v1/jobs')).status).toBe(200);
    expect((await reader.get('/v1/jobs/stats')).status).toBe(200);
    for (const [method, path] of [
      ['DELETE', '/v1/jobs?state=dead'],
      ['DELETE', '/v1/jobs/job_01h00000000000000000000000'],
      ['POST', '/v1/jobs/job_01h00000000000000000000000/retry'],
    ]) {
      const res = await reader.request(method, path);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    }
    const outsider = await keyWith(['users:read']);
    expect((await outsider.get('/v1/jobs')).status).toBe(403);
    expect((await outsider.get('/v1/jobs/stats')).status).toBe(403);

    const writer = await keyWith(['jobs:write']);
    expect((await writer.request('DELETE', '/v1/jobs?state=dead')).status).toBe(204);
  });
});
