import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type JobResource, type Page } from '@steward/contracts';
import { SqlWhere } from '@steward/event-store';
import { JOB_COLUMNS, toJobResource, type JobRow } from '../../job.read-model';
import { ListJobsQuery } from './list-jobs.query';

/** The organization's jobs, newest first by id (TypeIDs sort by creation time); keyset pagination. */
@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery, Page<JobResource>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, filter }: ListJobsQuery): Promise<Page<JobResource>> {
    const where = new SqlWhere('org_id', orgId);
    if (filter.state) where.add('state = ?', filter.state);
    if (filter.type) where.add('type = ?', filter.type);
    if (filter.cursor) where.add('id < ?', decodeCursor(filter.cursor).k);
    const limit = where.param(filter.limit + 1);
    const rows: JobRow[] = await this.dataSource.query(`SELECT ${JOB_COLUMNS} FROM jobs WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`, where.params);
    return toPage(rows, filter.limit, (r) => r.id, toJobResource);
  }
}
