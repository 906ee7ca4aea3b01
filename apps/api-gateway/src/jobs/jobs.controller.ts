import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JobsRpc, type JobResource, type JobStats, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { DeleteJobsQueryDto, ListJobsQueryDto } from './jobs.dto';
import { JobResponse, JobStatsResponse } from './jobs.responses';

/** The organization's background jobs (API.md "Jobs"), kept by the notification service. */
@ApiTags('Jobs')
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('jobs:read')
  @ApiOperation({ summary: 'List jobs', description: 'Newest first.' })
  @ApiOkResponse({ type: PageOf(JobResponse) })
  list(@Query() query: ListJobsQueryDto, @Req() request: StewardRequest): Promise<Page<JobResource>> {
    return this.rpc.call(JobsRpc.ListJobs, { limit: query.limit, cursor: query.cursor, state: query.state, type: query.type }, requestContext(request));
  }

  @Get('stats')
  @RequiresScope('jobs:read')
  @ApiOperation({ summary: 'Count jobs', description: 'Counts per type and state (every known type, zeros included).' })
  @ApiOkResponse({ type: JobStatsResponse })
  stats(@Req() request: StewardRequest): Promise<JobStats> {
    return this.rpc.call(JobsRpc.JobStats, {}, requestContext(request));
  }

  @Delete()
  @HttpCode(204)
  @RequiresScope('jobs:write')
  @ApiOperation({ summary: 'Delete jobs in bulk', description: 'Every job of the organization in `state` (queued, retry or dead), optionally of `type`. Done jobs are history and stay.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async removeMany(@Query() query: DeleteJobsQueryDto, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(JobsRpc.DeleteJobs, { state: query.state, type: query.type }, requestContext(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('jobs:write')
  @IdParam('job', 'job')
  @ApiOperation({ summary: 'Delete a job' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(JobsRpc.DeleteJob, { id }, requestContext(request));
  }

  /** Attempts reset (docs/decisions.md). */
  @Post(':id/retry')
  @HttpCode(200)
  @RequiresScope('jobs:write')
  @IdParam('job', 'job')
  @ApiOperation({ summary: 'Retry a dead job', description: 'The job is queued again, due now, with a fresh count of attempts.' })
  @ApiOkResponse({ type: JobResponse, description: 'The queued job.' })
  @ApiErrors({ conflict: 'only a dead job can be retried' })
  retry(@Param('id') id: string, @Req() request: StewardRequest): Promise<JobResource> {
    return this.rpc.call(JobsRpc.RetryJob, { id }, requestContext(request));
  }
}
