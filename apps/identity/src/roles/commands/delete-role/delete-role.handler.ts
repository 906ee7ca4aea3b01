import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { RoleAggregate } from '../../role.aggregate';
import { findRole } from '../../role.read-model';
import { DeleteRoleCommand } from './delete-role.command';

/** Whether the role is in use is checked by the roles projection, inside the append transaction. */
@CommandHandler(DeleteRoleCommand)
export class DeleteRoleHandler implements ICommandHandler<DeleteRoleCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: DeleteRoleCommand): Promise<null> {
    if (!(await findRole(this.dataSource, context.org_id, input.id))) throw notFound('role');
    await withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const role = await this.repository.load(new RoleAggregate(input.id));
      if (role.exists) role.assertVersion(input.expected_version);
      role.execute({ type: 'DeleteRole', roleId: input.id }, decision);
      await this.repository.save([role], context, decision.now);
    });
    return null;
  }
}
