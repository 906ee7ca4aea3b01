import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { typeIdGenerator, type UserResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config/identity.config';
import { decideNewUser } from '../../new-user';
import { toUserResource, type UserRow } from '../../user.read-model';
import { CreateUserCommand } from './create-user.command';

/** Creates the user and, when one is due, its invitation: two streams, one transaction. */
@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ input, context }: CreateUserCommand): Promise<UserResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const { user, invitation } = await decideNewUser(this.dataSource, this.config, input, decision);
    await this.repository.save(invitation ? [user, invitation] : [user], context, decision.now);
    const [row] = (await this.dataSource.query(`SELECT * FROM users WHERE id = $1`, [user.id])) as UserRow[];
    return toUserResource(row);
  }
}
