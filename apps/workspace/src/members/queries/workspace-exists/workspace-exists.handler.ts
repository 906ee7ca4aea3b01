import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound } from '@steward/contracts';
import { workspaceExists } from '../../membership.read-model';
import { WorkspaceExistsQuery } from './workspace-exists.query';

@QueryHandler(WorkspaceExistsQuery)
export class WorkspaceExistsHandler implements IQueryHandler<WorkspaceExistsQuery, { id: string }> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, workspaceId }: WorkspaceExistsQuery): Promise<{ id: string }> {
    if (!(await workspaceExists(this.dataSource, orgId, workspaceId))) throw notFound('workspace');
    return { id: workspaceId };
  }
}
