import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator, type RoleResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { RoleAggregate } from '../../role.aggregate';
import { findRole } from '../../role.read-model';
import { UpdateRoleCommand } from './update-role.command';

/** A change that alters nothing appends nothing and answers the role as it is. */
@CommandHandler(UpdateRoleCommand)
export class UpdateRoleHandler implements ICommandHandler<UpdateRoleCommand, RoleResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: UpdateRoleCommand): Promise<RoleResource> {
    // Another organization's role (and a deleted one) is not found; system roles go on to be refused.
    if (!(await findRole(this.dataSource, context.org_id, input.id))) throw notFound('role');
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const role = await this.repository.load(new RoleAggregate(input.id));
      if (role.exists) role.assertVersion(input.expected_version);
      role.execute(
        { type: 'UpdateRole', roleId: input.id, name: input.name, description: input.description, permissions: input.permissions },
        decision,
      );
      await this.repository.save([role], context, decision.now);
      return (await findRole(this.dataSource, context.org_id, role.id)) as RoleResource;
    });
  }
}
