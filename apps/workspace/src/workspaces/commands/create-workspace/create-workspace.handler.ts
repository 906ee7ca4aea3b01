import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { typeIdGenerator, type WorkspaceResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { WorkspaceAggregate } from '../../workspace.aggregate';
import { findWorkspace, toWorkspaceResource } from '../../workspace.read-model';
import { CreateWorkspaceCommand } from './create-workspace.command';

/**
 * Creates a workspace at the root or under a parent of the caller's organization (another
 * organization's workspace is an unknown parent: 400). A slug taken among the siblings is refused
 * by the read table's unique index in the append transaction (409).
 */
@CommandHandler(CreateWorkspaceCommand)
export class CreateWorkspaceHandler implements ICommandHandler<CreateWorkspaceCommand, WorkspaceResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateWorkspaceCommand): Promise<WorkspaceResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const parentExists = input.parent_id !== null && !!(await findWorkspace(this.dataSource, context.org_id, input.parent_id));
    const workspace = new WorkspaceAggregate(decision.ids.next('ws'));
    workspace.execute(
      { type: 'CreateWorkspace', workspaceId: workspace.id, name: input.name, slug: input.slug, parentId: input.parent_id, parentExists },
      decision,
    );
    await this.repository.save([workspace], context, decision.now);
    const row = await findWorkspace(this.dataSource, context.org_id, workspace.id);
    if (!row) throw new Error(`workspace ${workspace.id} has no read row after its creation`);
    return toWorkspaceResource(row);
  }
}
