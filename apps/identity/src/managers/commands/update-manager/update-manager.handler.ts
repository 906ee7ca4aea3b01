import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator, type ManagerResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { findRole } from '../../../roles/role.read-model';
import { ManagerAggregate } from '../../manager.aggregate';
import { findManager } from '../../manager.read-model';
import { UpdateManagerCommand } from './update-manager.command';

/** A change that alters nothing appends nothing and answers the manager as it is. */
@CommandHandler(UpdateManagerCommand)
export class UpdateManagerHandler implements ICommandHandler<UpdateManagerCommand, ManagerResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: UpdateManagerCommand): Promise<ManagerResource> {
    if (!(await findManager(this.dataSource, context.org_id, input.id))) throw notFound('manager');
    const role = input.role_id === undefined ? undefined : { id: input.role_id, exists: !!(await findRole(this.dataSource, context.org_id, input.role_id)) };
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const manager = await this.repository.load(new ManagerAggregate(input.id));
      manager.assertVersion(input.expected_version);
      manager.execute({ type: 'UpdateManager', role, workspaceIds: input.workspace_ids }, decision);
      await this.repository.save([manager], context, decision.now);
      return (await findManager(this.dataSource, context.org_id, manager.id)) as ManagerResource;
    });
  }
}
