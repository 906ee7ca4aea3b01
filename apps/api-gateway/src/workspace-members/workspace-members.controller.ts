import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { WorkspaceInvitationsRpc, WorkspaceMembersRpc, type InvitationResource, type Page, type WorkspaceMemberResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { setEtag } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { InviteToWorkspaceDto } from './workspace-members.dto';

/** A workspace's members and invitations to it (the workspace tree itself is WorkspacesController). */
@Controller('v1/workspaces/:id')
export class WorkspaceMembersController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  /** Newest member first; 404 for a workspace that is not the key's organization's. */
  @Get('members')
  @RequiresScope('workspaces:read')
  members(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<WorkspaceMemberResource>> {
    return this.rpc.call(WorkspaceMembersRpc.ListMembers, { workspace_id: id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  /** 204; 404 when the user is not a member (or the workspace not the organization's). */
  @Delete('members/:user_id')
  @HttpCode(204)
  @RequiresScope('workspaces:write')
  async removeMember(@Param('id') id: string, @Param('user_id') userId: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(WorkspaceMembersRpc.RemoveMember, { workspace_id: id, user_id: userId }, requestContext(request));
  }

  /**
   * 201 with the invitation; the email goes out, and accepting makes the person a member (and a
   * user of the organization when the address was new). Needs `users:write`: it may create a user.
   * The workspace service is asked first whether the workspace is the organization's (else 404).
   */
  @Post('invitations')
  @HttpCode(201)
  @RequiresScope('users:write')
  async invite(
    @Param('id') id: string,
    @Body() body: InviteToWorkspaceDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvitationResource> {
    const context = requestContext(request);
    await this.rpc.call(WorkspaceMembersRpc.WorkspaceExists, { id }, context);
    const invitation = await this.rpc.call(WorkspaceInvitationsRpc.InviteToWorkspace, { workspace_id: id, email: body.email, role: body.role }, context);
    setEtag(reply, invitation);
    return invitation;
  }
}
