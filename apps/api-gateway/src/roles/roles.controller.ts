import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RolesRpc, type Page, type RoleResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateRoleDto, UpdateRoleDto } from './roles.dto';

/** Custom roles carry a version (ETag); system roles never change and have none. */
function setRoleEtag(reply: FastifyReply, role: RoleResource): void {
  if (role.version !== undefined) setEtag(reply, { version: role.version });
}

@Controller('v1/roles')
export class RolesController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('roles:read')
  list(@Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<RoleResource>> {
    return this.rpc.call(RolesRpc.ListRoles, { limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Get(':id')
  @RequiresScope('roles:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RoleResource> {
    const role = await this.rpc.call(RolesRpc.GetRole, { id }, requestContext(request));
    setRoleEtag(reply, role);
    return role;
  }

  @Post()
  @HttpCode(201)
  @RequiresScope('roles:write')
  async create(@Body() body: CreateRoleDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RoleResource> {
    const role = await this.rpc.call(
      RolesRpc.CreateRole,
      { name: body.name, description: body.description, permissions: body.permissions },
      requestContext(request),
    );
    setRoleEtag(reply, role);
    void reply.header('location', `/v1/roles/${role.id}`);
    return role;
  }

  @Patch(':id')
  @RequiresScope('roles:write')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateRoleDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RoleResource> {
    const role = await this.rpc.call(
      RolesRpc.UpdateRole,
      {
        id,
        expected_version: expectedVersion(request),
        name: body.name,
        description: body.description === null ? '' : body.description,
        permissions: body.permissions,
      },
      requestContext(request),
    );
    setRoleEtag(reply, role);
    return role;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('roles:write')
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(RolesRpc.DeleteRole, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }
}
