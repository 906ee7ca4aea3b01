import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ManagersRpc, type ManagerResource, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateManagerDto, UpdateManagerDto } from './managers.dto';

@Controller('v1/managers')
export class ManagersController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('managers:read')
  list(@Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<ManagerResource>> {
    return this.rpc.call(ManagersRpc.ListManagers, { limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Get(':id')
  @RequiresScope('managers:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ManagerResource> {
    const manager = await this.rpc.call(ManagersRpc.GetManager, { id }, requestContext(request));
    setEtag(reply, manager);
    return manager;
  }

  @Post()
  @HttpCode(201)
  @RequiresScope('managers:write')
  async create(@Body() body: CreateManagerDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ManagerResource> {
    const manager = await this.rpc.call(
      ManagersRpc.CreateManager,
      { user_id: body.user_id, role_id: body.role_id, workspace_ids: body.workspace_ids ?? [] },
      requestContext(request),
    );
    setEtag(reply, manager);
    void reply.header('location', `/v1/managers/${manager.id}`);
    return manager;
  }

  @Patch(':id')
  @RequiresScope('managers:write')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateManagerDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ManagerResource> {
    const manager = await this.rpc.call(
      ManagersRpc.UpdateManager,
      { id, expected_version: expectedVersion(request), role_id: body.role_id, workspace_ids: body.workspace_ids },
      requestContext(request),
    );
    setEtag(reply, manager);
    return manager;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('managers:write')
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(ManagersRpc.DeleteManager, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }
}
