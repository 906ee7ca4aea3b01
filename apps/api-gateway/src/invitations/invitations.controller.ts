import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InvitationsRpc, type InvitationResource, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { Public, RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { publicRequestContext, requestContext, type StewardRequest } from '../http/request-context';
import { InvitationTokenDto, ListInvitationsQueryDto } from './invitations.dto';

@Controller('v1')
export class InvitationsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get('invitations')
  @RequiresScope('users:read')
  list(@Query() query: ListInvitationsQueryDto, @Req() request: StewardRequest): Promise<Page<InvitationResource>> {
    return this.rpc.call(
      InvitationsRpc.ListInvitations,
      { limit: query.limit, cursor: query.cursor, status: query.status, workspace_id: query.workspace_id },
      requestContext(request),
    );
  }

  /** Revoke: 204; the invitation's token stops working (410). `If-Match` is honoured. */
  @Delete('invitations/:id')
  @HttpCode(204)
  @RequiresScope('users:write')
  async revoke(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(InvitationsRpc.RevokeInvitation, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }

  /** No API key: the token from the email is the credential. 200 with the accepted invitation. */
  @Post('invitations/accept')
  @HttpCode(200)
  @Public()
  async accept(@Body() body: InvitationTokenDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<InvitationResource> {
    const invitation = await this.rpc.call(InvitationsRpc.AcceptInvitation, { token: body.token }, publicRequestContext(request));
    void reply.header('cache-control', 'no-store');
    setEtag(reply, invitation);
    return invitation;
  }

  /** No API key: the token from the email is the credential. 200 with the declined invitation. */
  @Post('invitations/decline')
  @HttpCode(200)
  @Public()
  async decline(@Body() body: InvitationTokenDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<InvitationResource> {
    const invitation = await this.rpc.call(InvitationsRpc.DeclineInvitation, { token: body.token }, publicRequestContext(request));
    void reply.header('cache-control', 'no-store');
    setEtag(reply, invitation);
    return invitation;
  }

  /** Only for `invited` users (else 409): a new token and email; the old token is void. 200 with the invitation. */
  @Post('users/:id/resend-invitation')
  @HttpCode(200)
  @RequiresScope('users:write')
  async resend(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<InvitationResource> {
    const invitation = await this.rpc.call(InvitationsRpc.ResendInvitation, { user_id: id }, requestContext(request));
    setEtag(reply, invitation);
    return invitation;
  }
}
