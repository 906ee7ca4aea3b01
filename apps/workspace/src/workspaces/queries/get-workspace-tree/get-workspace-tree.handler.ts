import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, type WorkspaceTreeNode } from '@steward/contracts';
import { findWorkspace, subtreeRows } from '../../workspace.read-model';
import { GetWorkspaceTreeQuery } from './get-workspace-tree.query';

/**
 * The subtree to any depth from the materialized path: one indexed prefix query for every row of
 * the subtree, assembled in memory (never one query per level). Rows come sorted by lowercased
 * name in code-point order (the same whatever the database's locale), then id, so every
 * `children` list is in that order.
 */
@QueryHandler(GetWorkspaceTreeQuery)
export class GetWorkspaceTreeHandler implements IQueryHandler<GetWorkspaceTreeQuery, WorkspaceTreeNode> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ orgId, workspaceId }: GetWorkspaceTreeQuery): Promise<WorkspaceTreeNode> {
    const root = await findWorkspace(this.dataSource, orgId, workspaceId);
    if (!root) throw notFound('workspace');
    const rows = await subtreeRows(this.dataSource, root, ['id', 'name', 'parent_id'] as const, 'lower(name) COLLATE "C", id COLLATE "C"');
    const nodes = new Map<string, WorkspaceTreeNode>(rows.map((r) => [r.id, { id: r.id, name: r.name, children: [] }]));
    for (const row of rows) {
      if (row.id === root.id || row.parent_id === null) continue;
      nodes.get(row.parent_id)?.children.push(nodes.get(row.id) as WorkspaceTreeNode);
    }
    return nodes.get(root.id) ?? { id: root.id, name: root.name, children: [] };
  }
}
