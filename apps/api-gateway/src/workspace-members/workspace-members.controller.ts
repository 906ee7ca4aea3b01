import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkspaceInvitationsRpc, WorkspaceMembersRpc, type InvitationResource, type Page, type WorkspaceMemberResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { InvitationResponse } from '../invitations/invitations.responses';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { InviteToWorkspaceDto } from './workspace-members.dto';
import { WorkspaceMemberResponse } from './workspace-members.responses';

/** A workspace's members and invitations to it (the workspace tree itself is WorkspacesController). */
@ApiTags('Workspaces')
@Controller('v1/workspaces/:id')
export class WorkspaceMembersController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get('members')
  @RequiresScope('workspaces:read')
  @IdParam('ws', 'workspace')
  @ApiOperation({ summary: "A workspace's members", description: 'Newest member first.' })
  @ApiOkResponse({ type: PageOf(WorkspaceMemberResponse) })
  members(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<WorkspaceMemberResource>> {
    return this.rpc.call(WorkspaceMembersRpc.ListMembers, { workspace_id: id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }

  @Delete('members/:user_id')
  @HttpCode(204)
  @RequiresScope('workspaces:write')
  @IdParam('ws', 'workspace')
  @IdParam('usr', 'member', 'user_id')
  @ApiOperation({ summary: 'Remove a member', description: 'The user stays in the organization.' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors({ not_found: 'no such workspace, or the user is not a member' })
  async removeMember(@Param('id') id: string, @Param('user_id') userId: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(WorkspaceMembersRpc.RemoveMember, { workspace_id: id, user_id: userId }, requestContext(request));
  }

  /** The workspace service is asked first whether the workspace is the organization's (else 404). */
  @Post('invitations')
  @HttpCode(201)
  @RequiresScope('users:write')
  @IdParam('ws', 'workspace')
  @ApiOperation({
    summary: 'Invite someone to a workspace',
    description: 'The email goes out; accepting makes the person a member (and a user of the organization when the address was new). Needs `users:write`: it may create a user.',
  })
  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiErrors({ conflict: 'the user is already a member, or is inactive' }, { invalid_request: '`role` is not a role of the organization, or the email is invalid' })
  async invite(@Param('id') id: string, @Body() body: InviteToWorkspaceDto, @Req() request: StewardRequest): Promise<InvitationResource> {
    const context = requestContext(request);
    await this.rpc.call(WorkspaceMembersRpc.WorkspaceExists, { id }, context);
    return this.rpc.call(WorkspaceInvitationsRpc.InviteToWorkspace, { workspace_id: id, email: body.email, role: body.role }, context);
  }
}
