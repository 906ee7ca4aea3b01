import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { eventsTopic, InvitationCreated, InvitationResent, newId, type CloudEvent } from '@steward/contracts';
import { IdempotentProjector } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config/notification.config';
import { invitationEmailPayload, type InvitationEmailEvent } from '../invitations/invitation-email';
import { JOBS_CHANNEL, JobType } from './job';

/** Events that make an invitation email: the first one, and every resend (a new token). */
const INVITATION_EMAIL_EVENTS = new Set<string>([InvitationCreated.type, InvitationResent.type]);

/**
 * Turns identity's `invitation.created` and `invitation.resent` events (each with its own token
 * nonce) into `email.invitation` jobs. Applied once per event (IdempotentProjector), and
 * `dedupe_key` (event id + ':' + type) keeps a redelivered event from ever creating a second job. The NOTIFY is delivered at commit and wakes a worker.
 */
@Injectable()
export class EmailJobsProjection implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EmailJobsProjection');
  private readonly projector: IdempotentProjector;
  private readonly subscriber: EventSubscriber;

  constructor(
    dataSource: DataSource,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.projector = new IdempotentProjector(dataSource, 'notification');
    this.subscriber = new EventSubscriber(createKafka('notification-projection'), {
      name: 'notification',
      topics: [eventsTopic('identity')],
      fromBeginning: true,
      handle: (events) => this.handle(events),
      onInvalid: (info) => this.logger.warn(info, 'skipped a message that is not a valid Steward event'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriber.start();
  }

  /** Before the database closes: lets the batch in flight finish and the consumer leave its group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriber.stop();
  }

  async handle(events: CloudEvent[]): Promise<void> {
    // Only the events that make jobs are recorded as processed; the rest need no ledger entry.
    const invitations = events.filter((e) => INVITATION_EMAIL_EVENTS.has(e.type));
    let queued = 0;
    await this.projector.handleBatch(invitations, async (manager, event) => {
      if (await this.createJob(manager, event as InvitationEmailEvent)) queued += 1;
    });
    if (queued) this.logger.log({ jobs: queued, type: JobType.InvitationEmail }, 'email jobs queued');
  }

  /** Inserts the event's job unless it exists; true when inserted. */
  private async createJob(manager: EntityManager, event: InvitationEmailEvent): Promise<boolean> {
    const type = JobType.InvitationEmail;
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO jobs (id, org_id, type, state, attempts, max_attempts, run_at, payload, dedupe_key, created_at, updated_at)
       VALUES ($1, $2, $3, 'queued', 0, $4, now(), $5::jsonb, $6, now(), now())
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [newId('job'), event.orgid, type, this.config.jobs.maxAttempts, JSON.stringify(invitationEmailPayload(event)), `${event.id}:${type}`],
    );
    if (inserted.length === 0) return false;
    // Delivered at commit (and once per transaction): the worker wakes only for committed jobs.
    await manager.query(`SELECT pg_notify($1, '')`, [JOBS_CHANNEL]);
    return true;
  }
}
