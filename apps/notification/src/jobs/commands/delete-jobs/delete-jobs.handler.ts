import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DeleteJobsCommand } from './delete-jobs.command';

/**
 * Deletes every job of the caller's organization in a state (`queued`, `retry` or `dead`; done
 * jobs are history) and optionally of a type, with their delivery records, in one statement.
 * Deleting queued or retrying jobs cancels their emails, except a send already in progress.
 */
@CommandHandler(DeleteJobsCommand)
export class DeleteJobsHandler implements ICommandHandler<DeleteJobsCommand, { deleted: number }> {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly dataSource: DataSource) {}

  async execute({ input, context }: DeleteJobsCommand): Promise<{ deleted: number }> {
    const [{ deleted }] = (await this.dataSource.query(
      `WITH gone AS (DELETE FROM jobs WHERE org_id = $1 AND state = $2 AND ($3::text IS NULL OR type = $3) RETURNING id),
            deliveries AS (DELETE FROM email_deliveries WHERE job_id IN (SELECT id FROM gone))
       SELECT count(*)::integer AS deleted FROM gone`,
      [context.org_id, input.state, input.type ?? null],
    )) as { deleted: number }[];
    this.logger.log({ deleted, state: input.state, type: input.type ?? null, org_id: context.org_id, actor: context.actor }, 'jobs deleted');
    return { deleted };
  }
}
