import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { WorkspacesRpc, type Page, type WorkspaceResource, type WorkspaceTreeNode } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { CreateWorkspaceDto, DeleteWorkspaceQueryDto, ListWorkspacesQueryDto, ROOT_PARENT, UpdateWorkspaceDto } from './workspaces.dto';
import { WorkspaceResponse, WorkspaceTreeNodeResponse } from './workspaces.responses';

/** The organization's workspace tree (API.md "Workspaces"). */
@ApiTags('Workspaces')
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('workspaces:write')
  @ApiOperation({ summary: 'Create a workspace', description: 'At the top level, or under `parent_id`.' })
  @ApiCreatedResponse({ type: WorkspaceResponse, description: 'The new workspace (`Location` names it).' })
  @ApiErrors({ conflict: 'a sibling already has this slug' }, { invalid_request: 'an empty name, a bad slug, or `parent_id` is not a workspace of the organization' })
  async create(@Body() body: CreateWorkspaceDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<WorkspaceResource> {
    const workspace = await this.rpc.call(
      WorkspacesRpc.CreateWorkspace,
      { name: body.name, slug: body.slug ?? undefined, parent_id: body.parent_id ?? null },
      requestContext(request),
    );
    void reply.header('location', `/v1/workspaces/${workspace.id}`);
    return workspace;
  }

  @Get()
  @RequiresScope('workspaces:read')
  @ApiOperation({ summary: 'List workspaces', description: 'Newest first; `parent_id` narrows to the children of one workspace (`root`: the top level).' })
  @ApiOkResponse({ type: PageOf(WorkspaceResponse) })
  list(@Query() query: ListWorkspacesQueryDto, @Req() request: StewardRequest): Promise<Page<WorkspaceResource>> {
    const parentId = query.parent_id === ROOT_PARENT ? null : query.parent_id;
    return this.rpc.call(WorkspacesRpc.ListWorkspaces, { limit: query.limit, cursor: query.cursor, parent_id: parentId }, requestContext(request));
  }

  @Get(':id')
  @RequiresScope('workspaces:read')
  @IdParam('ws', 'workspace')
  @ApiOperation({ summary: 'Get a workspace' })
  @ApiOkResponse({ type: WorkspaceResponse })
  get(@Param('id') id: string, @Req() request: StewardRequest): Promise<WorkspaceResource> {
    return this.rpc.call(WorkspacesRpc.GetWorkspace, { id }, requestContext(request));
  }

  @Get(':id/tree')
  @RequiresScope('workspaces:read')
  @IdParam('ws', 'workspace')
  @ApiOperation({ summary: "A workspace's subtree", description: '`{id, name, children: [...]}` to any depth; children sorted by name (case-insensitive), then id.' })
  @ApiOkResponse({ type: WorkspaceTreeNodeResponse })
  tree(@Param('id') id: string, @Req() request: StewardRequest): Promise<WorkspaceTreeNode> {
    return this.rpc.call(WorkspacesRpc.GetWorkspaceTree, { id }, requestContext(request));
  }

  @Patch(':id')
  @RequiresScope('workspaces:write')
  @IdParam('ws', 'workspace')
  @ApiOperation({ summary: 'Rename or move a workspace', description: 'Rename (`name`, `slug`: the subtree\'s paths follow) and/or move (`parent_id`; null: to the top level).' })
  @ApiOkResponse({ type: WorkspaceResponse })
  @ApiErrors({ conflict: 'the move would put the workspace under itself or a descendant, or a sibling has the slug' }, { invalid_request: '`parent_id` is not a workspace of the organization, or a field is invalid' })
  update(@Param('id') id: string, @Body() body: UpdateWorkspaceDto, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<WorkspaceResource> {
    return this.rpc.call(
      WorkspacesRpc.UpdateWorkspace,
      { id, expected_version: expected, name: body.name, slug: body.slug, parent_id: body.parent_id },
      requestContext(request),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('workspaces:write')
  @IdParam('ws', 'workspace')
  @ApiOperation({ summary: 'Delete a workspace', description: 'With `cascade=true`, its whole subtree in one transaction.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors({ conflict: 'the workspace has children and `cascade` is not true' })
  async remove(@Param('id') id: string, @Query() query: DeleteWorkspaceQueryDto, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(WorkspacesRpc.DeleteWorkspace, { id, expected_version: expected, cascade: query.cascade === 'true' }, requestContext(request));
  }
}
