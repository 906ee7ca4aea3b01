import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, notFound, type JobResource } from '@steward/contracts';
import { findJob, JOB_COLUMNS, notifyJobWorkers, toJobResource, type JobRow } from '../../job.read-model';
import { RetryJobCommand } from './retry-job.command';

/**
 * Puts a dead job back in the queue: `queued`, due now, with its attempts reset to 0 so it gets
 * its full `max_attempts` again; `last_error` stays until the next attempt replaces it. Recipients
 * it already reached (email_deliveries) are not sent to again. Only a dead job can be retried
 * (409 otherwise: a queued or retrying one is already due, a done one was delivered).
 */
@CommandHandler(RetryJobCommand)
export class RetryJobHandler implements ICommandHandler<RetryJobCommand, JobResource> {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly dataSource: DataSource) {}

  async execute({ input, context }: RetryJobCommand): Promise<JobResource> {
    const [rows] = (await this.dataSource.query(
      `UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), updated_at = now()
       WHERE id = $1 AND org_id = $2 AND state = 'dead'
       RETURNING ${JOB_COLUMNS}`,
      [input.id, context.org_id],
    )) as [JobRow[], number];
    const [row] = rows;
    if (!row) {
      const job = await findJob(this.dataSource, context.org_id, input.id);
      if (!job) throw notFound('job');
      throw new DomainError('conflict', `only a dead job can be retried; this one is ${job.state}`, [{ field: 'state', issue: 'not_dead' }]);
    }
    await notifyJobWorkers(this.dataSource);
    this.logger.log({ job_id: row.id, type: row.type, org_id: context.org_id, actor: context.actor }, 'dead job queued again');
    return toJobResource(row);
  }
}
