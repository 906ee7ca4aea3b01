import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiKeyCreated, eventsTopic, InvitationCreated, InvitationResent, newId, type CloudEvent } from '@steward/contracts';
import { IdempotentProjector } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config/notification.config';
import { destinationKeyEmailPayload, type ApiKeyCreatedEvent } from '../destination-keys/destination-key-email';
import { invitationEmailPayload, type InvitationEmailEvent } from '../invitations/invitation-email';
import { JOBS_CHANNEL, JobType } from './job';

/** The job an event makes, if any, and how long after now it is first due. */
interface JobSpec {
  type: JobType;
  payload: unknown;
  delayMs: number;
}

/**
 * Turns events into email jobs: identity's `invitation.created` and `invitation.resent` (each
 * with its own token nonce) into `email.invitation`; key-vault's `api_key.created` with a
 * `destination_id` into `email.destination_key` (first due after DESTINATION_KEY_EMAIL_DELAY_MS,
 * so the recipient replicas fed by other topics have caught up; its recipients are decided when
 * it runs). Applied once per event (IdempotentProjector), and `dedupe_key` (event id + ':' +
 * type) keeps a redelivered event from ever creating a second job. The NOTIFY is delivered at
 * commit and wakes a worker.
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
      topics: [eventsTopic('identity'), eventsTopic('key-vault')],
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
    const jobs = new Map<string, JobSpec>();
    for (const event of events) {
      const spec = this.jobFor(event);
      if (spec) jobs.set(event.id, spec);
    }
    const queued = new Map<string, number>();
    await this.projector.handleBatch(
      events.filter((e) => jobs.has(e.id)),
      async (manager, event) => {
        const spec = jobs.get(event.id) as JobSpec;
        if (await this.createJob(manager, event, spec)) queued.set(spec.type, (queued.get(spec.type) ?? 0) + 1);
      },
    );
    for (const [type, count] of queued) this.logger.log({ jobs: count, type }, 'email jobs queued');
  }

  private jobFor(event: CloudEvent): JobSpec | undefined {
    switch (event.type) {
      case InvitationCreated.type:
      case InvitationResent.type:
        return { type: JobType.InvitationEmail, payload: invitationEmailPayload(event as InvitationEmailEvent), delayMs: 0 };
      case ApiKeyCreated.type: {
        const payload = destinationKeyEmailPayload(event as ApiKeyCreatedEvent);
        return payload ? { type: JobType.DestinationKeyEmail, payload, delayMs: this.config.destinationKeyEmailDelayMs } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** Inserts the event's job unless it exists; true when inserted. */
  private async createJob(manager: EntityManager, event: CloudEvent, spec: JobSpec): Promise<boolean> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO jobs (id, org_id, type, state, attempts, max_attempts, run_at, payload, dedupe_key, created_at, updated_at, traceparent)
       VALUES ($1, $2, $3, 'queued', 0, $4, now() + $7::integer * interval '1 millisecond', $5::jsonb, $6, now(), now(), $8)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [newId('job'), event.orgid, spec.type, this.config.jobs.maxAttempts, JSON.stringify(spec.payload), `${event.id}:${spec.type}`, spec.delayMs, event.traceparent ?? null],
    );
    if (inserted.length === 0) return false;
    // Delivered at commit (and once per transaction): the worker wakes only for committed jobs.
    await manager.query(`SELECT pg_notify($1, '')`, [JOBS_CHANNEL]);
    return true;
  }
}
