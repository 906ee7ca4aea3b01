import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { typeIdGenerator, type ManagerResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { findRole } from '../../../roles/role.read-model';
import { ManagerAggregate } from '../../manager.aggregate';
import { findManager } from '../../manager.read-model';
import { CreateManagerCommand } from './create-manager.command';

@CommandHandler(CreateManagerCommand)
export class CreateManagerHandler implements ICommandHandler<CreateManagerCommand, ManagerResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateManagerCommand): Promise<ManagerResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const users: unknown[] = await this.dataSource.query(`SELECT 1 FROM users WHERE id = $1 AND org_id = $2`, [input.user_id, context.org_id]);
    const role = await findRole(this.dataSource, context.org_id, input.role_id);
    const manager = new ManagerAggregate(decision.ids.next('mgr'));
    manager.execute(
      {
        type: 'CreateManager',
        managerId: manager.id,
        user: { id: input.user_id, exists: users.length > 0 },
        role: { id: input.role_id, exists: role !== undefined },
        workspaceIds: input.workspace_ids,
      },
      decision,
    );
    await this.repository.save([manager], context, decision.now);
    return (await findManager(this.dataSource, context.org_id, manager.id)) as ManagerResource;
  }
}
