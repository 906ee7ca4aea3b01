import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type WorkspaceResource } from '@steward/contracts';
import { findWorkspace, toWorkspaceResource } from '../../workspace.read-model';
import { GetWorkspaceQuery } from './get-workspace.query';

@QueryHandler(GetWorkspaceQuery)
export class GetWorkspaceHandler implements IQueryHandler<GetWorkspaceQuery, WorkspaceResource> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, workspaceId }: GetWorkspaceQuery): Promise<WorkspaceResource> {
    // Scoped to the caller's organization: another organization's workspace is simply not found.
    const row = await findWorkspace(this.dataSource, orgId, workspaceId);
    if (!row) throw notFound('workspace');
    return toWorkspaceResource(row);
  }
}
