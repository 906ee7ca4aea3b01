import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { WorkspacesRpc, type Page, type WorkspaceResource, type WorkspaceTreeNode } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateWorkspaceDto, DeleteWorkspaceQueryDto, ListWorkspacesQueryDto, ROOT_PARENT, UpdateWorkspaceDto } from './workspaces.dto';

/** The organization's workspace tree (API.md "Workspaces"). */
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('workspaces:write')
  async create(@Body() body: CreateWorkspaceDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<WorkspaceResource> {
    const workspace = await this.rpc.call(
      WorkspacesRpc.CreateWorkspace,
      { name: body.name, slug: body.slug ?? undefined, parent_id: body.parent_id ?? null },
      requestContext(request),
    );
    setEtag(reply, workspace);
    void reply.header('location', `/v1/workspaces/${workspace.id}`);
    return workspace;
  }

  @Get()
  @RequiresScope('workspaces:read')
  list(@Query() query: ListWorkspacesQueryDto, @Req() request: StewardRequest): Promise<Page<WorkspaceResource>> {
    const parentId = query.parent_id === ROOT_PARENT ? null : query.parent_id;
    return this.rpc.call(WorkspacesRpc.ListWorkspaces, { limit: query.limit, cursor: query.cursor, parent_id: parentId }, requestContext(request));
  }

  @Get(':id')
  @RequiresScope('workspaces:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<WorkspaceResource> {
    const workspace = await this.rpc.call(WorkspacesRpc.GetWorkspace, { id }, requestContext(request));
    setEtag(reply, workspace);
    return workspace;
  }

  /** The subtree to any depth: `{id, name, children: [...]}`, children sorted by name (case-insensitive), then id. */
  @Get(':id/tree')
  @RequiresScope('workspaces:read')
  tree(@Param('id') id: string, @Req() request: StewardRequest): Promise<WorkspaceTreeNode> {
    return this.rpc.call(WorkspacesRpc.GetWorkspaceTree, { id }, requestContext(request));
  }

  /** Rename (`name`, `slug`) and/or move (`parent_id`; null = the top level). */
  @Patch(':id')
  @RequiresScope('workspaces:write')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateWorkspaceDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkspaceResource> {
    const workspace = await this.rpc.call(
      WorkspacesRpc.UpdateWorkspace,
      { id, expected_version: expectedVersion(request), name: body.name, slug: body.slug, parent_id: body.parent_id },
      requestContext(request),
    );
    setEtag(reply, workspace);
    return workspace;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('workspaces:write')
  async remove(@Param('id') id: string, @Query() query: DeleteWorkspaceQueryDto, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(
      WorkspacesRpc.DeleteWorkspace,
      { id, expected_version: expectedVersion(request), cascade: query.cascade === 'true' },
      requestContext(request),
    );
  }
}
