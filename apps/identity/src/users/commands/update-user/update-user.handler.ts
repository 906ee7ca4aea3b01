import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { isSystemRole, notFound, typeIdGenerator, type UserResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { findRole } from '../../../roles/role.read-model';
import { UserAggregate } from '../../user.aggregate';
import { findUser, toUserResource } from '../../user.read-model';
import { UpdateUserCommand } from './update-user.command';

/**
 * PATCH: a change that alters nothing appends nothing and answers the user as it is. Whether a
 * custom role exists is read here and handed to the decider; the last-owner rule is held by the
 * users projection in the append transaction.
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: UpdateUserCommand): Promise<UserResource> {
    if (!(await findUser(this.dataSource, context.org_id, input.id))) throw notFound('user');
    const customRoleExists = input.role !== undefined && !isSystemRole(input.role) && !!(await findRole(this.dataSource, context.org_id, input.role));
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const user = await this.repository.load(new UserAggregate(input.id));
      if (!user.state.exists) throw notFound('user');
      user.assertVersion(input.expected_version);
      user.execute({ type: 'UpdateUser', name: input.name, role: input.role, status: input.status, customRoleExists }, decision);
      await this.repository.save([user], context, decision.now);
      const row = await findUser(this.dataSource, context.org_id, input.id);
      if (!row) throw notFound('user');
      return toUserResource(row);
    });
  }
}
