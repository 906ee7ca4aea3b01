import { JobsRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { DeleteJobCommand } from './commands/delete-job/delete-job.command';
import { DeleteJobsCommand } from './commands/delete-jobs/delete-jobs.command';
import { RetryJobCommand } from './commands/retry-job/retry-job.command';
import { JobStatsQuery } from './queries/job-stats/job-stats.query';
import { ListJobsQuery } from './queries/list-jobs/list-jobs.query';

/** The Jobs API (API.md "Jobs"), every call scoped to the caller's organization. */
export const jobRpcRoutes = [
  queryRoute(JobsRpc.ListJobs, (payload, context) => new ListJobsQuery(context.org_id, payload)),
  queryRoute(JobsRpc.JobStats, (_payload, context) => new JobStatsQuery(context.org_id)),
  commandRoute(JobsRpc.DeleteJobs, (payload, context) => new DeleteJobsCommand(payload, context)),
  commandRoute(JobsRpc.DeleteJob, (payload, context) => new DeleteJobCommand(payload, context)),
  commandRoute(JobsRpc.RetryJob, (payload, context) => new RetryJobCommand(payload, context)),
];
