import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { WorkspaceAggregate } from '../../workspace.aggregate';
import { findWorkspace, subtreeRows } from '../../workspace.read-model';
import { DeleteWorkspaceCommand } from './delete-workspace.command';

/**
 * Deletes a workspace. With children it is refused (409) unless `cascade`: then the whole subtree
 * is loaded and every workspace of it is deleted, deepest first, in one append transaction — one
 * `workspace.deleted` per removed workspace. `If-Match` applies to the named workspace. A child
 * created under the subtree meanwhile makes the projection refuse the delete (409, nothing
 * deleted).
 */
@CommandHandler(DeleteWorkspaceCommand)
export class DeleteWorkspaceHandler implements ICommandHandler<DeleteWorkspaceCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: DeleteWorkspaceCommand): Promise<null> {
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const row = await findWorkspace(this.dataSource, context.org_id, input.id);
      if (!row) throw notFound('workspace');
      const root = await this.repository.load(new WorkspaceAggregate(input.id));
      if (!root.state.exists) throw notFound('workspace');
      root.assertVersion(input.expected_version);

      if (!input.cascade) {
        root.execute({ type: 'DeleteWorkspace', hasChildren: await this.hasChildren(row.org_id, row.id), cascade: false }, decision);
        await this.repository.save([root], context, decision.now);
        return null;
      }
      // Deepest first: a child always goes before its parent.
      const subtree = await subtreeRows(this.dataSource, row, ['id', 'parent_id'] as const, 'depth DESC, id');
      const parents = new Set(subtree.map((r) => r.parent_id));
      const ids = subtree.map((r) => r.id).filter((id) => id !== root.id);
      const descendants = await this.repository.loadMany(ids.map((id) => new WorkspaceAggregate(id)));
      for (const workspace of descendants) workspace.execute({ type: 'DeleteWorkspace', hasChildren: parents.has(workspace.id), cascade: true }, decision);
      root.execute({ type: 'DeleteWorkspace', hasChildren: parents.has(root.id), cascade: true }, decision);
      await this.repository.save([...descendants, root], context, decision.now);
      return null;
    });
  }

  private async hasChildren(orgId: string, id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM workspaces WHERE org_id = $1 AND parent_id = $2 LIMIT 1`, [orgId, id])) as unknown[];
    return rows.length > 0;
  }
}
