import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { JOB_STATES, JOB_TYPES, type JobState, type JobStats, type JobTypeStats } from '@steward/contracts';
import { JobStatsQuery } from './job-stats.query';

const zero = (): Record<JobState, number> => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;

/**
 * Counts of the organization's jobs per type and state: every known type (zeros included, so a
 * dashboard sees the same rows every time) and any other type found, sorted by type.
 */
@QueryHandler(JobStatsQuery)
export class JobStatsHandler implements IQueryHandler<JobStatsQuery, JobStats> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId }: JobStatsQuery): Promise<JobStats> {
    const rows: { type: string; state: JobState; count: number }[] = await this.dataSource.query(
      `SELECT type, state, count(*)::integer AS count FROM jobs WHERE org_id = $1 GROUP BY type, state`,
      [orgId],
    );
    const byType = new Map<string, JobTypeStats>(JOB_TYPES.map((type) => [type, { type, counts: zero(), total: 0 }]));
    for (const row of rows) {
      const stats = byType.get(row.type) ?? { type: row.type, counts: zero(), total: 0 };
      stats.counts[row.state] = row.count;
      stats.total += row.count;
      byType.set(row.type, stats);
    }
    return { data: [...byType.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)) };
  }
}
