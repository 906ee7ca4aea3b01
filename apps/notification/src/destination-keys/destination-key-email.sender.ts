import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { schemaErrors } from '@steward/contracts';
import { Mailer } from '../email/mailer';
import { JobType, PermanentJobError, type ClaimedJob, type JobSender } from '../jobs/job';
import { workspaceKeyNoticeRecipients } from '../recipients/recipients';
import {
  buildDestinationKeyEmail,
  DestinationKeyEmailPayloadSchema,
  type DestinationKeyEmailPayload,
  type DestinationKeyFacts,
} from './destination-key-email';

/**
 * Sends the emails of an `email.destination_key` job: one to each owner/admin of the
 * destination's workspace (recipients.ts), decided now, when the job runs. What the replicas do
 * not know yet (the destination, any recipient) fails the attempt, and the job's backoff retries
 * it once they caught up. Each recipient sent to is recorded (`email_deliveries`), so a retry
 * after a partial failure sends only to the rest.
 */
@Injectable()
export class DestinationKeyEmailSender implements JobSender {
  readonly type = JobType.DestinationKeyEmail;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
  ) {}

  async send(job: ClaimedJob): Promise<Record<string, string>> {
    const issues = schemaErrors(DestinationKeyEmailPayloadSchema, job.payload);
    if (issues.length) throw new PermanentJobError(`invalid payload: ${issues.slice(0, 3).map((i) => `${i.field} ${i.issue}`).join('; ')}`);
    const payload = job.payload as DestinationKeyEmailPayload;

    const facts = await this.facts(payload);
    const recipients = await workspaceKeyNoticeRecipients(this.dataSource, payload.org_id, facts.destination.workspace_id);
    if (recipients.length === 0) throw new Error('no owner or admin known for the workspace yet');

    const done: { recipient: string }[] = await this.dataSource.query(`SELECT recipient FROM email_deliveries WHERE job_id = $1`, [job.id]);
    const sent = new Set(done.map((d) => d.recipient));
    for (const recipient of recipients) {
      if (sent.has(recipient.user_id)) continue;
      await this.mailer.send(buildDestinationKeyEmail(payload, facts, recipient));
      await this.dataSource.query(`INSERT INTO email_deliveries (job_id, recipient) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [job.id, recipient.user_id]);
    }
    // Counts only: addresses are personal data and stay out of the logs.
    return { recipients: String(recipients.length) };
  }

  private async facts(payload: DestinationKeyEmailPayload): Promise<DestinationKeyFacts> {
    const [destination] = (await this.dataSource.query(`SELECT id, name, workspace_id FROM destinations WHERE id = $1 AND org_id = $2`, [
      payload.destination_id,
      payload.org_id,
    ])) as DestinationKeyFacts['destination'][];
    // Not replicated yet (another topic than the key's event): retried with backoff.
    if (!destination) throw new Error('destination not known yet');
    const [workspace] = (await this.dataSource.query(`SELECT name FROM workspaces WHERE id = $1`, [destination.workspace_id])) as { name: string }[];
    const [creator] =
      payload.created_by.type === 'api_key'
        ? ((await this.dataSource.query(`SELECT name, prefix FROM api_key_names WHERE id = $1 AND org_id = $2`, [payload.created_by.id, payload.org_id])) as {
            name: string;
            prefix: string;
          }[])
        : [];
    return { destination, workspace_name: workspace?.name ?? null, creator_key: creator ?? null };
  }
}
