import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { typeIdGenerator, type RoleResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { RoleAggregate } from '../../role.aggregate';
import { findRole } from '../../role.read-model';
import { CreateRoleCommand } from './create-role.command';

@CommandHandler(CreateRoleCommand)
export class CreateRoleHandler implements ICommandHandler<CreateRoleCommand, RoleResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateRoleCommand): Promise<RoleResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const role = new RoleAggregate(decision.ids.next('role'));
    role.execute({ type: 'CreateRole', roleId: role.id, name: input.name, description: input.description, permissions: input.permissions }, decision);
    await this.repository.save([role], context, decision.now);
    return (await findRole(this.dataSource, context.org_id, role.id)) as RoleResource;
  }
}
