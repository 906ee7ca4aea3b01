import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { MembershipAggregate } from '../../membership.aggregate';
import { workspaceExists } from '../../membership.read-model';
import { RemoveMemberCommand } from './remove-member.command';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: RemoveMemberCommand): Promise<null> {
    // Another organization's workspace is simply not found.
    if (!(await workspaceExists(this.dataSource, context.org_id, input.workspace_id))) throw notFound('workspace');
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const membership = await this.repository.load(new MembershipAggregate(input.workspace_id, input.user_id));
      membership.execute({ type: 'RemoveMember', reason: 'removed' }, decision);
      await this.repository.save([membership], context, decision.now);
      return null;
    });
  }
}
