import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound } from '@steward/contracts';
import { DeleteJobCommand } from './delete-job.command';

/**
 * Deletes one job of the caller's organization, in any state (another organization's → 404),
 * with its delivery records. A worker running it at that moment finishes its send (it cannot be
 * recalled) but records nothing: its outcome update is fenced on the job row.
 */
@CommandHandler(DeleteJobCommand)
export class DeleteJobHandler implements ICommandHandler<DeleteJobCommand, null> {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly dataSource: DataSource) {}

  async execute({ input, context }: DeleteJobCommand): Promise<null> {
    const [row] = (await this.dataSource.query(
      `WITH gone AS (DELETE FROM jobs WHERE id = $1 AND org_id = $2 RETURNING id, type, state),
            deliveries AS (DELETE FROM email_deliveries WHERE job_id IN (SELECT id FROM gone))
       SELECT id, type, state FROM gone`,
      [input.id, context.org_id],
    )) as { id: string; type: string; state: string }[];
    if (!row) throw notFound('job');
    // Jobs are not event-sourced: the log line is the record of who removed what (docs/decisions.md).
    this.logger.log({ job_id: row.id, type: row.type, state: row.state, org_id: context.org_id, actor: context.actor }, 'job deleted');
    return null;
  }
}
