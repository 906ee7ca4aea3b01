import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdentityRpc, UsersRpc, type Page, type SignInResource, type StreamEventResource, type UserResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf, StreamEventResponse } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { CreateUserDto, GetUserQueryDto, ListUsersQueryDto, RecordSignInDto, UpdateUserDto } from './users.dto';
import { SignInResponse, UserResponse } from './users.responses';

@ApiTags('Users')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('users:write')
  @ApiOperation({
    summary: 'Create a user',
    description: 'The user is `invited` and gets an invitation email, unless `send_invitation` is false (then `active`, no email).',
  })
  @ApiCreatedResponse({ type: UserResponse, description: 'The new user (`Location` names it).' })
  @ApiErrors('email_taken', { invalid_request: 'a field is invalid, or `role` is not a role of the organization' })
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
    void reply.header('location', `/v1/users/${user.id}`);
    return user;
  }

  @Get()
  @RequiresScope('users:read')
  @ApiOperation({ summary: 'List users', description: 'Newest first; filters combine.' })
  @ApiOkResponse({ type: PageOf(UserResponse) })
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
  @IdParam('usr', 'user')
  @ApiOperation({ summary: 'Get a user', description: 'With `as_of`, the user as it was at that time, rebuilt from its events (404 if it did not exist yet).' })
  @ApiOkResponse({ type: UserResponse })
  get(@Param('id') id: string, @Query() query: GetUserQueryDto, @Req() request: StewardRequest): Promise<UserResource> {
    return query.as_of === undefined
      ? this.rpc.call(IdentityRpc.GetUser, { id }, requestContext(request))
      : this.rpc.call(UsersRpc.GetUserAsOf, { id, as_of: query.as_of }, requestContext(request));
  }

  @Patch(':id')
  @RequiresScope('users:write')
  @IdParam('usr', 'user')
  @ApiOperation({ summary: 'Update a user', description: 'Any of `name`, `role`, `status` (`active` or `inactive`).' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(
    { invalid_request: 'an empty name, an unknown role or a status that cannot be set' },
    { conflict: 'the change would leave the organization without an active owner, or the user is still invited (activated by accepting the invitation)' },
  )
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<UserResource> {
    return this.rpc.call(
      UsersRpc.UpdateUser,
      { id, expected_version: expected, name: body.name, role: body.role, status: body.status },
      requestContext(request),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('users:write')
  @IdParam('usr', 'user')
  @ApiOperation({ summary: 'Delete a user' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors({ conflict: 'the last active owner cannot be deleted' })
  async remove(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(UsersRpc.DeleteUser, { id, expected_version: expected }, requestContext(request));
  }

  @Get(':id/history')
  @RequiresScope('users:read')
  @IdParam('usr', 'user')
  @ApiOperation({ summary: "A user's history", description: "The user's events, oldest first." })
  @ApiOkResponse({ type: PageOf(StreamEventResponse) })
  history(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<StreamEventResource>> {
    return this.rpc.call(UsersRpc.GetUserHistory, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Post(':id/sign-ins')
  @HttpCode(201)
  @RequiresScope('users:write')
  @IdParam('usr', 'user')
  @ApiOperation({ summary: 'Record a sign-in', description: 'A sign-in reported by the host application; a successful one sets `last_login_at`.' })
  @ApiCreatedResponse({ type: SignInResponse })
  recordSignIn(@Param('id') id: string, @Body() body: RecordSignInDto, @Req() request: StewardRequest): Promise<SignInResource> {
    return this.rpc.call(
      UsersRpc.RecordSignIn,
      { id, ip: body.ip ?? null, user_agent: body.user_agent ?? null, method: body.method, success: body.success },
      requestContext(request),
    );
  }

  @Get(':id/sign-in-activity')
  @RequiresScope('users:read')
  @IdParam('usr', 'user')
  @ApiOperation({ summary: "A user's sign-ins", description: 'Newest first.' })
  @ApiOkResponse({ type: PageOf(SignInResponse) })
  signInActivity(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<SignInResource>> {
    return this.rpc.call(UsersRpc.ListSignIns, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }
}
