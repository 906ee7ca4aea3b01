import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { schemaErrors } from '@steward/contracts';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config/notification.config';
import { Mailer } from '../email/mailer';
import { JobType, PermanentJobError, type ClaimedJob, type JobSender } from '../jobs/job';
import { buildInvitationEmail, InvitationEmailPayloadSchema, type InvitationEmailPayload } from './invitation-email';

/**
 * Sends the invitation email of an `email.invitation` job to the invitee: the invitation, the
 * workspace invitation (naming the workspace, from notification's replica) or the resend.
 */
@Injectable()
export class InvitationEmailSender implements JobSender {
  readonly type = JobType.InvitationEmail;

  constructor(
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    private readonly mailer: Mailer,
    private readonly dataSource: DataSource,
  ) {}

  async send(job: ClaimedJob): Promise<Record<string, string>> {
    const issues = schemaErrors(InvitationEmailPayloadSchema, job.payload);
    if (issues.length) throw new PermanentJobError(`invalid payload: ${issues.slice(0, 3).map((i) => `${i.field} ${i.issue}`).join('; ')}`);
    const payload = job.payload as InvitationEmailPayload;
    // A link that no longer works is not worth sending (e.g. a projection replayed long after).
    if (Date.parse(payload.expires_at) <= Date.now()) throw new PermanentJobError('invitation expired before the email was sent');

    const { email, token } = buildInvitationEmail(payload, this.config, await this.workspaceName(payload));
    try {
      await this.mailer.send({ ...email, messageId: `<${job.id}@steward>` });
    } catch (error) {
      // SMTP errors may quote what was sent; the token (and so the link) must not reach the job row.
      throw new Error(String((error as Error)?.message ?? error).split(token).join('[redacted]'));
    }
    return { recipient_domain: payload.email.slice(payload.email.lastIndexOf('@') + 1).toLowerCase() };
  }

  /**
   * The workspace's name as notification's replica knows it (a deleted one stays as a
   * tombstone). Not known yet (its topic is behind identity's): the email names the id rather
   * than wait — an invitation should not be held back for a label.
   */
  private async workspaceName(payload: InvitationEmailPayload): Promise<string | null> {
    if (!payload.workspace_id || payload.kind === 'resent') return null;
    const [row] = (await this.dataSource.query(`SELECT name FROM workspaces WHERE id = $1 AND org_id = $2`, [payload.workspace_id, payload.org_id])) as { name: string }[];
    return row?.name ?? null;
  }
}
