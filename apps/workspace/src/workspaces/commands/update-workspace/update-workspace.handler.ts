import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator, type WorkspaceResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { WorkspaceAggregate } from '../../workspace.aggregate';
import { findWorkspace, toWorkspaceResource } from '../../workspace.read-model';
import { UpdateWorkspaceCommand } from './update-workspace.command';

/**
 * PATCH: a rename (`name`, `slug`) and/or a move (`parent_id`, null = the root), decided on the
 * workspace and appended together. For a move the handler looks up whether the new parent is a
 * workspace of the organization and whether it lies in the moved workspace's own subtree; the
 * projection checks both again under the tree lock, so a concurrent move cannot slip a cycle
 * through. A change that alters nothing appends nothing and answers the workspace as it is.
 */
@CommandHandler(UpdateWorkspaceCommand)
export class UpdateWorkspaceHandler implements ICommandHandler<UpdateWorkspaceCommand, WorkspaceResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: UpdateWorkspaceCommand): Promise<WorkspaceResource> {
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const row = await findWorkspace(this.dataSource, context.org_id, input.id);
      if (!row) throw notFound('workspace');
      const workspace = await this.repository.load(new WorkspaceAggregate(input.id));
      if (!workspace.state.exists) throw notFound('workspace');
      workspace.assertVersion(input.expected_version);
      if (input.name !== undefined || input.slug !== undefined) {
        workspace.execute({ type: 'RenameWorkspace', name: input.name, slug: input.slug }, decision);
      }
      if (input.parent_id !== undefined) {
        const parent = input.parent_id === null ? undefined : await findWorkspace(this.dataSource, context.org_id, input.parent_id);
        workspace.execute(
          { type: 'MoveWorkspace', parentId: input.parent_id, parentExists: !!parent, parentInSubtree: !!parent && parent.id_path.startsWith(row.id_path) },
          decision,
        );
      }
      await this.repository.save([workspace], context, decision.now);
      const updated = await findWorkspace(this.dataSource, context.org_id, input.id);
      if (!updated) throw notFound('workspace');
      return toWorkspaceResource(updated);
    });
  }
}
