import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registerScrapeGauge, type GaugeSample } from '@steward/service-kit';
import { JOB_STATES, JOB_TYPES } from './job';

/**
 * `steward_jobs{type, state}`: the jobs of every organization by type and state, read from the
 * `jobs` table when Prometheus scrapes (one grouped count, cached for 5 s). Every known type and
 * state has a series, 0 when empty, so an alert on `dead` or a growing `retry` sees the change.
 */
@Injectable()
export class JobsMetrics implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    registerScrapeGauge({
      name: 'steward_jobs',
      help: 'Background jobs (notification) by type and state.',
      labelNames: ['type', 'state'],
      read: () => this.count(),
    });
  }

  async count(): Promise<GaugeSample[]> {
    const rows: { type: string; state: string; count: number }[] = await this.dataSource.query(
      'SELECT type, state, count(*)::int AS count FROM jobs GROUP BY type, state',
    );
    const counts = new Map<string, number>();
    for (const type of JOB_TYPES) for (const state of JOB_STATES) counts.set(`${type}\u0000${state}`, 0);
    for (const row of rows) counts.set(`${row.type}\u0000${row.state}`, Number(row.count));
    return [...counts].map(([key, value]) => {
      const [type, state] = key.split('\u0000');
      return { labels: { type, state }, value };
    });
  }
}
