/**
 * EmailJobsProjection against real PostgreSQL: an event becomes one job however often Kafka
 * delivers it — in one batch, in later batches, even after the processed-event ledger lost it
 * (the job's `dedupe_key`) — so a redelivered event never sends an email twice. A resend is a
 * new event and a new email.
 */
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { newId, type CloudEvent } from '@steward/contracts';
import { freshTestDataSource } from '@steward/testing';
import { loadNotificationConfig } from '../config/notification.config';
import { NOTIFICATION_MIGRATIONS } from '../migrations/notification-migrations';
import { EmailJobsProjection } from './email-jobs.projection';

let dataSource: DataSource;
let projection: EmailJobsProjection;

beforeAll(async () => {
  Logger.overrideLogger(false);
  dataSource = await freshTestDataSource('notification_jobs', NOTIFICATION_MIGRATIONS);
  // Constructing it opens no Kafka connection: the test hands it batches as its subscriber would.
  projection = new EmailJobsProjection(dataSource, loadNotificationConfig());
});

afterAll(async () => {
  await dataSource?.destroy();
});

function invitationEvent(type: 'invitation.created' | 'invitation.resent', invitationId: string, nonce: string): CloudEvent {
  return {
    specversion: '1.0',
    id: newId('evt'),
    type,
    source: 'steward/identity',
    subject: invitationId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    orgid: 'org_01kb0000000000000000000000',
    actor: { type: 'api_key', id: 'key_01kb0000000000000000000000' },
    streamversion: type === 'invitation.created' ? 1 : 2,
    dataversion: 1,
    data: {
      invitation_id: invitationId,
      user_id: 'usr_01kb0000000000000000000000',
      workspace_id: null,
      email: 'ada@example.test',
      name: 'Ada',
      role: 'viewer',
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      token_nonce: nonce,
    },
  };
}

const jobsOf = async (invitationId: string) =>
  (await dataSource.query(`SELECT id, type, state, payload FROM jobs WHERE payload->>'invitation_id' = $1 ORDER BY created_at, id`, [invitationId])) as {
    id: string;
    type: string;
    state: string;
    payload: { token_nonce: string; kind: string };
  }[];

describe('EmailJobsProjection', () => {
  it('makes one job of an event delivered twice in a batch and again later', async () => {
    const invitationId = newId('inv');
    const created = invitationEvent('invitation.created', invitationId, 'bm9uY2Utb25l');
    await projection.handle([created, created]);
    await projection.handle([created]);
    const jobs = await jobsOf(invitationId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'email.invitation', state: 'queued', payload: { kind: 'created' } });
  });

  it('makes no second job even when the ledger lost the event (dedupe_key)', async () => {
    const invitationId = newId('inv');
    const created = invitationEvent('invitation.created', invitationId, 'bm9uY2UtdHdv');
    await projection.handle([created]);
    await dataSource.query(`DELETE FROM processed_events WHERE event_id = $1`, [created.id]);
    await projection.handle([created]);
    expect(await jobsOf(invitationId)).toHaveLength(1);
  });

  it('makes a new job of a resend (a new event, a new token)', async () => {
    const invitationId = newId('inv');
    await projection.handle([invitationEvent('invitation.created', invitationId, 'bm9uY2UtZmlyc3Q')]);
    const resent = invitationEvent('invitation.resent', invitationId, 'bm9uY2Utc2Vjb25k');
    await projection.handle([resent, resent]);
    const jobs = await jobsOf(invitationId);
    expect(jobs.map((j) => [j.payload.kind, j.payload.token_nonce])).toEqual([
      ['created', 'bm9uY2UtZmlyc3Q'],
      ['resent', 'bm9uY2Utc2Vjb25k'],
    ]);
  });
});
