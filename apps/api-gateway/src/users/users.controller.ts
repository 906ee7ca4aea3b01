import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdentityRpc, UsersRpc, type Page, type SignInResource, type StreamEventResource, type UserResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateUserDto, GetUserQueryDto, ListUsersQueryDto, RecordSignInDto, UpdateUserDto } from './users.dto';

@Controller('v1/users')
export class UsersController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('users:write')
  async create(@Body() body: CreateUserDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserResource> {
    const user = await this.rpc.call(
      IdentityRpc.CreateUser,
      {
        name: body.name,
        email: body.email,
        role: body.role,
        send_invitation: body.send_invitation ?? true,
        workspace_ids: body.workspace_ids ?? [],
      },
      requestContext(request),
    );
    setEtag(reply, user);
    void reply.header('location', `/v1/users/${user.id}`);
    return user;
  }

  @Get()
  @RequiresScope('users:read')
  list(@Query() query: ListUsersQueryDto, @Req() request: StewardRequest): Promise<Page<UserResource>> {
    return this.rpc.call(
      IdentityRpc.ListUsers,
      { limit: query.limit, cursor: query.cursor, role: query.role, status: query.status, q: query.q, workspace_id: query.workspace_id },
      requestContext(request),
    );
  }

  /** With `as_of`, the user as it was then (rebuilt from its events); its ETag is that version. */
  @Get(':id')
  @RequiresScope('users:read')
  async get(
    @Param('id') id: string,
    @Query() query: GetUserQueryDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResource> {
    const user =
      query.as_of === undefined
        ? await this.rpc.call(IdentityRpc.GetUser, { id }, requestContext(request))
        : await this.rpc.call(UsersRpc.GetUserAsOf, { id, as_of: query.as_of }, requestContext(request));
    setEtag(reply, user);
    return user;
  }

  @Patch(':id')
  @RequiresScope('users:write')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResource> {
    const user = await this.rpc.call(
      UsersRpc.UpdateUser,
      { id, expected_version: expectedVersion(request), name: body.name, role: body.role, status: body.status },
      requestContext(request),
    );
    setEtag(reply, user);
    return user;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('users:write')
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(UsersRpc.DeleteUser, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }

  @Get(':id/history')
  @RequiresScope('users:read')
  history(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<StreamEventResource>> {
    return this.rpc.call(UsersRpc.GetUserHistory, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Post(':id/sign-ins')
  @HttpCode(201)
  @RequiresScope('users:write')
  recordSignIn(@Param('id') id: string, @Body() body: RecordSignInDto, @Req() request: StewardRequest): Promise<SignInResource> {
    return this.rpc.call(
      UsersRpc.RecordSignIn,
      { id, ip: body.ip ?? null, user_agent: body.user_agent ?? null, method: body.method, success: body.success },
      requestContext(request),
    );
  }

  @Get(':id/sign-in-activity')
  @RequiresScope('users:read')
  signInActivity(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<SignInResource>> {
    return this.rpc.call(UsersRpc.ListSignIns, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }
}
