import { Inject, Injectable } from '@nestjs/common';
import { schemaErrors } from '@steward/contracts';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config/notification.config';
import { Mailer } from '../email/mailer';
import { JobType, PermanentJobError, type ClaimedJob, type JobSender } from '../jobs/job';
import { buildInvitationEmail, InvitationEmailPayloadSchema, type InvitationEmailPayload } from './invitation-email';

/** Sends the invitation email of an `email.invitation` job to the invitee. */
@Injectable()
export class InvitationEmailSender implements JobSender {
  readonly type = JobType.InvitationEmail;

  constructor(
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    private readonly mailer: Mailer,
  ) {}

  async send(job: ClaimedJob): Promise<Record<string, string>> {
    const issues = schemaErrors(InvitationEmailPayloadSchema, job.payload);
    if (issues.length) throw new PermanentJobError(`invalid payload: ${issues.slice(0, 3).map((i) => `${i.field} ${i.issue}`).join('; ')}`);
    const payload = job.payload as InvitationEmailPayload;
    // A link that no longer works is not worth sending (e.g. a projection replayed long after).
    if (Date.parse(payload.expires_at) <= Date.now()) throw new PermanentJobError('invitation expired before the email was sent');

    const { email, token } = buildInvitationEmail(payload, this.config);
    try {
      await this.mailer.send(email);
    } catch (error) {
      // SMTP errors may quote what was sent; the token (and so the link) must not reach the job row.
      throw new Error(String((error as Error)?.message ?? error).split(token).join('[redacted]'));
    }
    return { recipient_domain: payload.email.slice(payload.email.lastIndexOf('@') + 1).toLowerCase() };
  }
}
