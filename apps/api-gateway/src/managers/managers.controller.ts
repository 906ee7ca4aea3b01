import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ManagersRpc, type ManagerResource, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { CreateManagerDto, UpdateManagerDto } from './managers.dto';
import { ManagerResponse } from './managers.responses';

const UNKNOWN_REFERENCE = '`user_id`, `role_id` or a workspace id does not name one of the organization';

@ApiTags('Managers')
@Controller('v1/managers')
export class ManagersController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('managers:read')
  @ApiOperation({ summary: 'List managers', description: 'Newest first.' })
  @ApiOkResponse({ type: PageOf(ManagerResponse) })
  list(@Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<ManagerResource>> {
    return this.rpc.call(ManagersRpc.ListManagers, { limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Get(':id')
  @RequiresScope('managers:read')
  @IdParam('mgr', 'manager')
  @ApiOperation({ summary: 'Get a manager' })
  @ApiOkResponse({ type: ManagerResponse })
  get(@Param('id') id: string, @Req() request: StewardRequest): Promise<ManagerResource> {
    return this.rpc.call(ManagersRpc.GetManager, { id }, requestContext(request));
  }

  @Post()
  @HttpCode(201)
  @RequiresScope('managers:write')
  @ApiOperation({ summary: 'Grant a role on workspaces', description: 'Empty or no `workspace_ids`: every workspace of the organization, present and future.' })
  @ApiCreatedResponse({ type: ManagerResponse, description: 'The new grant (`Location` names it).' })
  @ApiErrors({ invalid_request: UNKNOWN_REFERENCE })
  async create(@Body() body: CreateManagerDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ManagerResource> {
    const manager = await this.rpc.call(
      ManagersRpc.CreateManager,
      { user_id: body.user_id, role_id: body.role_id, workspace_ids: body.workspace_ids ?? [] },
      requestContext(request),
    );
    void reply.header('location', `/v1/managers/${manager.id}`);
    return manager;
  }

  @Patch(':id')
  @RequiresScope('managers:write')
  @IdParam('mgr', 'manager')
  @ApiOperation({ summary: 'Update a grant', description: 'Its role and/or its workspaces (replaced; empty: every workspace).' })
  @ApiOkResponse({ type: ManagerResponse })
  @ApiErrors({ invalid_request: UNKNOWN_REFERENCE })
  update(@Param('id') id: string, @Body() body: UpdateManagerDto, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<ManagerResource> {
    return this.rpc.call(
      ManagersRpc.UpdateManager,
      { id, expected_version: expected, role_id: body.role_id, workspace_ids: body.workspace_ids },
      requestContext(request),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('managers:write')
  @IdParam('mgr', 'manager')
  @ApiOperation({ summary: 'Revoke a grant' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  async remove(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(ManagersRpc.DeleteManager, { id, expected_version: expected }, requestContext(request));
  }
}
