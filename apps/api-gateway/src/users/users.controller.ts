import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdentityRpc, type Page, type UserResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateUserDto, ListUsersQueryDto } from './users.dto';

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
    void reply.header('etag', `"${user.version}"`).header('location', `/v1/users/${user.id}`);
    return user;
  }

  @Get()
  @RequiresScope('users:read')
  list(@Query() query: ListUsersQueryDto, @Req() request: StewardRequest): Promise<Page<UserResource>> {
    return this.rpc.call(
      IdentityRpc.ListUsers,
      { limit: query.limit, cursor: query.cursor, role: query.role, status: query.status },
      requestContext(request),
    );
  }

  @Get(':id')
  @RequiresScope('users:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserResource> {
    const user = await this.rpc.call(IdentityRpc.GetUser, { id }, requestContext(request));
    void reply.header('etag', `"${user.version}"`);
    return user;
  }
}
