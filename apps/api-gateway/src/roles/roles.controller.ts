import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RolesRpc, type Page, type RoleResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { exampleId, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { CreateRoleDto, UpdateRoleDto } from './roles.dto';
import { RoleResponse } from './roles.responses';

/** A role id: a system role's name or a custom role's `role_…` id. */
const RoleIdParam = () => ApiParam({ name: 'id', description: "A system role's name (`owner`, `admin`, `editor`, `viewer`) or a custom role id.", example: exampleId('role') });
const SYSTEM_ROLE_FIXED = 'system roles cannot be changed or deleted';

/** Custom roles carry a version (ETag, set by EtagInterceptor); system roles never change and have none. */
@ApiTags('Roles')
@Controller('v1/roles')
export class RolesController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('roles:read')
  @ApiOperation({ summary: 'List roles', description: 'The four system roles first, then custom roles, newest first.' })
  @ApiOkResponse({ type: PageOf(RoleResponse) })
  list(@Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<RoleResource>> {
    return this.rpc.call(RolesRpc.ListRoles, { limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Get(':id')
  @RequiresScope('roles:read')
  @RoleIdParam()
  @ApiOperation({ summary: 'Get a role' })
  @ApiOkResponse({ type: RoleResponse })
  get(@Param('id') id: string, @Req() request: StewardRequest): Promise<RoleResource> {
    return this.rpc.call(RolesRpc.GetRole, { id }, requestContext(request));
  }

  @Post()
  @HttpCode(201)
  @RequiresScope('roles:write')
  @ApiOperation({ summary: 'Create a custom role', description: 'A named set of scopes, assignable to users and managers.' })
  @ApiCreatedResponse({ type: RoleResponse, description: 'The new role (`Location` names it).' })
  @ApiErrors({ conflict: 'another role of the organization has this name, or it is a system role\'s name' }, { invalid_request: 'an empty or too long name, or an unknown scope in `permissions`' })
  async create(@Body() body: CreateRoleDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RoleResource> {
    const role = await this.rpc.call(
      RolesRpc.CreateRole,
      { name: body.name, description: body.description, permissions: body.permissions },
      requestContext(request),
    );
    void reply.header('location', `/v1/roles/${role.id}`);
    return role;
  }

  @Patch(':id')
  @RequiresScope('roles:write')
  @RoleIdParam()
  @ApiOperation({ summary: 'Update a custom role', description: 'Any of `name`, `description` (null clears it), `permissions` (replaces them).' })
  @ApiOkResponse({ type: RoleResponse })
  @ApiErrors({ conflict: `${SYSTEM_ROLE_FIXED}; or another role has this name` }, { invalid_request: 'an empty or too long name, or an unknown scope in `permissions`' })
  update(@Param('id') id: string, @Body() body: UpdateRoleDto, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<RoleResource> {
    return this.rpc.call(
      RolesRpc.UpdateRole,
      {
        id,
        expected_version: expected,
        name: body.name,
        description: body.description === null ? '' : body.description,
        permissions: body.permissions,
      },
      requestContext(request),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('roles:write')
  @RoleIdParam()
  @ApiOperation({ summary: 'Delete a custom role' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors({ conflict: `${SYSTEM_ROLE_FIXED}; or the role is in use by users or managers (reassign them first)` })
  async remove(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(RolesRpc.DeleteRole, { id, expected_version: expected }, requestContext(request));
  }
}
