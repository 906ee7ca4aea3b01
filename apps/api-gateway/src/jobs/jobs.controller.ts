import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { JobsRpc, type JobResource, type JobStats, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { DeleteJobsQueryDto, ListJobsQueryDto } from './jobs.dto';

/** The organization's background jobs (API.md "Jobs"), kept by the notification service. */
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('jobs:read')
  list(@Query() query: ListJobsQueryDto, @Req() request: StewardRequest): Promise<Page<JobResource>> {
    return this.rpc.call(JobsRpc.ListJobs, { limit: query.limit, cursor: query.cursor, state: query.state, type: query.type }, requestContext(request));
  }

  /** Counts per type and state: `{data: [{type, counts: {queued, retry, dead, done}, total}]}`. */
  @Get('stats')
  @RequiresScope('jobs:read')
  stats(@Req() request: StewardRequest): Promise<JobStats> {
    return this.rpc.call(JobsRpc.JobStats, {}, requestContext(request));
  }

  /** Bulk: every job of the organization in `state` (queued, retry or dead), optionally of `type`. 204. */
  @Delete()
  @HttpCode(204)
  @RequiresScope('jobs:write')
  async removeMany(@Query() query: DeleteJobsQueryDto, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(JobsRpc.DeleteJobs, { state: query.state, type: query.type }, requestContext(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('jobs:write')
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(JobsRpc.DeleteJob, { id }, requestContext(request));
  }

  /** Dead → queued, due now, attempts reset (docs/decisions.md); any other state → 409. 200 with the job. */
  @Post(':id/retry')
  @HttpCode(200)
  @RequiresScope('jobs:write')
  retry(@Param('id') id: string, @Req() request: StewardRequest): Promise<JobResource> {
    return this.rpc.call(JobsRpc.RetryJob, { id }, requestContext(request));
  }
}
