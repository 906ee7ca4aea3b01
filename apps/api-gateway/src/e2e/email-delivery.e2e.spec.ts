/**
 * Email as background jobs, on the real stack, through real SMTP outages: the run's own SMTP
 * catcher (maildev) is stopped and started again (`withSmtpOutage`, libs/testing). An outage
 * delays mail and loses none, and nothing is sent twice; a job that keeps failing is dead after
 * its `max_attempts`, listed as such, and delivered once retried through the Jobs API. The test
 * stack's jobs give up after 5 attempts, 7.5–15 s after the first (libs/testing test-stack.ts).
 */
import type { InvitationResource, JobResource, JobStats, Page, UserResource, WorkspaceResource } from '@steward/contracts';
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

let org: BootstrapResult;
let api: ReturnType<typeof apiAs>;

/** The first email of a run may wait for the notification consumer to join its group. */
const ACROSS = { timeoutMs: 30000, intervalMs: 200 };
/** A job's five attempts take 7.5–15 s; room for a loaded machine. */
const UNTIL_DEAD = { timeoutMs: 60000, intervalMs: 250 };

beforeAll(async () => {
  org = await bootstrapOrganization('Mail Outage Co', uniqueEmail('mail-owner'));
  api = apiAs(org.api_key);
});

async function invite(label: string): Promise<string> {
  const email = uniqueEmail(label);
  const created = await api.post<UserResource>('/v1/users', { name: `Person ${label}`, email, role: 'viewer' });
  expect(created.status).toBe(201);
  return email;
}

/** Waits until the invitation job to `email` satisfies `ready`, and returns it. */
function jobOf(email: string, ready: (job: JobResource) => boolean, wait: { timeoutMs: number; intervalMs: number } = ACROSS, what = 'a state'): Promise<JobResource> {
  return eventually(
    async () => {
      const job = await invitationJobTo(api, email);
      return job && ready(job) ? job : undefined;
    },
    { what: `the invitation job to ${email} in ${what}`, ...wait },
  );
}

describe('an SMTP outage', () => {
  it('delays the invitation emails and loses none: each arrives exactly once', async () => {
    const addresses: string[] = [];
    await withSmtpOutage(async () => {
      for (const label of ['outage-a', 'outage-b', 'outage-c']) addresses.push(await invite(label));
      // Every job has really tried and failed: the outage was seen, not raced.
      for (const email of addresses) {
        const failed = await jobOf(email, (j) => j.state === 'retry', ACROSS, 'retry');
        expect(failed.attempts).toBeGreaterThanOrEqual(1);
        expect(failed.last_error).toEqual(expect.any(String));
      }
    });

    for (const email of addresses) {
      // Done is final: no attempt can follow it, so the count below is the last word.
      const done = await jobOf(email, (j) => j.state === 'done', ACROSS, 'done');
      expect(done.attempts).toBeGreaterThanOrEqual(2);
      const mails = await emailsTo(email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe("You're invited to Steward as viewer");
    }
  });
});

describe('a job that fails past max_attempts', () => {
  it('is dead, listed and counted as dead, sends nothing more, and is delivered once retried', async () => {
    let email = '';
    const dead = await withSmtpOutage(async () => {
      email = await invite('dead-letter');
      return jobOf(email, (j) => j.state === 'dead', UNTIL_DEAD, 'dead');
    });
    expect(dead).toMatchObject({ type: 'email.invitation', state: 'dead', attempts: 5, max_attempts: 5, last_error: expect.any(String) });

    const listed = await api.get<Page<JobResource>>('/v1/jobs?state=dead&type=email.invitation');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((j) => j.id)).toContain(dead.id);
    const stats = await api.get<JobStats>('/v1/jobs/stats');
    expect(stats.body.data.find((s) => s.type === 'email.invitation')?.counts.dead).toBeGreaterThanOrEqual(1);

    // The catcher is back, but a dead job is not tried again by itself.
    expect((await invitationJobTo(api, email))?.state).toBe('dead');
    expect(await emailsTo(email)).toHaveLength(0);

    const retried = await api.post<JobResource>(`/v1/jobs/${dead.id}/retry`, undefined);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: dead.id, state: 'queued', attempts: 0, max_attempts: 5 });

    const done = await jobOf(email, (j) => j.state === 'done', ACROSS, 'done');
    expect(done.attempts).toBe(1);
    expect(await emailsTo(email)).toHaveLength(1);

    const again = await api.post(`/v1/jobs/${dead.id}/retry`, undefined);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'conflict', status: 409 } });
  });
});

describe('every invitation email is a job with a template of its own', () => {
  it('the workspace invitation names the workspace; the resend says earlier links no longer work', async () => {
    const workspace = await api.post<WorkspaceResource>('/v1/workspaces', { name: `Mail room ${Date.now()}` });
    expect(workspace.status).toBe(201);
    const email = uniqueEmail('ws-invitee');
    const invited = await api.post<InvitationResource>(`/v1/workspaces/${workspace.body.id}/invitations`, { email, role: 'editor' });
    expect(invited.status).toBe(201);

    const job = await jobOf(email, (j) => j.state === 'done', ACROSS, 'done');
    expect(job.payload_summary).toMatchObject({ to: email, kind: 'created', workspace_id: workspace.body.id, invitation_id: invited.body.id });
    const [first] = await emailsTo(email);
    // By name once notification's replica of the workspace has it, else by id (docs/decisions.md).
    expect([`You're invited to the workspace ${workspace.body.name} on Steward`, `You're invited to the workspace ${workspace.body.id} on Steward`]).toContain(
      first.subject,
    );

    const resent = await api.post<InvitationResource>(`/v1/users/${invited.body.user_id}/resend-invitation`, undefined);
    expect(resent.status).toBe(200);
    const mails = await eventually(async () => {
      const all = await emailsTo(email);
      return all.length === 2 ? all : undefined;
    }, { what: `the resent invitation to ${email}`, ...ACROSS });
    expect(mails.map((m) => m.subject)).toContain('Your invitation to Steward, sent again');
  });
});
