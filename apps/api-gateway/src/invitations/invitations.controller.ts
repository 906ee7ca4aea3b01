import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InvitationsRpc, type InvitationResource, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { Public, RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { publicRequestContext, requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { InvitationTokenDto, ListInvitationsQueryDto } from './invitations.dto';
import { InvitationResponse } from './invitations.responses';

const UNUSABLE_TOKEN = 'the token was used, revoked, declined, expired or superseded, or matches no invitation';

@ApiTags('Invitations')
@Controller('v1')
export class InvitationsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get('invitations')
  @RequiresScope('users:read')
  @ApiOperation({ summary: 'List invitations', description: 'Newest first.' })
  @ApiOkResponse({ type: PageOf(InvitationResponse) })
  list(@Query() query: ListInvitationsQueryDto, @Req() request: StewardRequest): Promise<Page<InvitationResource>> {
    return this.rpc.call(
      InvitationsRpc.ListInvitations,
      { limit: query.limit, cursor: query.cursor, status: query.status, workspace_id: query.workspace_id },
      requestContext(request),
    );
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @RequiresScope('users:write')
  @IdParam('inv', 'invitation')
  @ApiOperation({ summary: 'Revoke an invitation', description: "The invitation's token stops working (410)." })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors({ conflict: 'the invitation is not pending' })
  async revoke(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(InvitationsRpc.RevokeInvitation, { id, expected_version: expected }, requestContext(request));
  }

  /** No API key: the token from the email is the credential. */
  @Post('invitations/accept')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Accept an invitation', description: 'No API key: the token from the email is the credential. Activates the user and adds the workspace membership.' })
  @ApiOkResponse({ type: InvitationResponse, description: 'The accepted invitation.' })
  @ApiErrors({ gone: UNUSABLE_TOKEN }, 'unavailable')
  async accept(@Body() body: InvitationTokenDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<InvitationResource> {
    const invitation = await this.rpc.call(InvitationsRpc.AcceptInvitation, { token: body.token }, publicRequestContext(request));
    void reply.header('cache-control', 'no-store');
    return invitation;
  }

  /** No API key: the token from the email is the credential. */
  @Post('invitations/decline')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Decline an invitation', description: 'No API key: the token from the email is the credential.' })
  @ApiOkResponse({ type: InvitationResponse, description: 'The declined invitation.' })
  @ApiErrors({ gone: UNUSABLE_TOKEN }, 'unavailable')
  async decline(@Body() body: InvitationTokenDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<InvitationResource> {
    const invitation = await this.rpc.call(InvitationsRpc.DeclineInvitation, { token: body.token }, publicRequestContext(request));
    void reply.header('cache-control', 'no-store');
    return invitation;
  }

  @Post('users/:id/resend-invitation')
  @HttpCode(200)
  @RequiresScope('users:write')
  @IdParam('usr', 'user')
  @ApiTags('Users')
  @ApiOperation({ summary: 'Resend an invitation', description: "Only for `invited` users: a new token and email; the old token stops working." })
  @ApiOkResponse({ type: InvitationResponse, description: 'The invitation, with its new expiry.' })
  @ApiErrors({ conflict: 'the user is not `invited`, or has no invitation to resend' })
  resend(@Param('id') id: string, @Req() request: StewardRequest): Promise<InvitationResource> {
    return this.rpc.call(InvitationsRpc.ResendInvitation, { user_id: id }, requestContext(request));
  }
}
