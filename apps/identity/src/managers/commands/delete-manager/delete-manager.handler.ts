import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { ManagerAggregate } from '../../manager.aggregate';
import { findManager } from '../../manager.read-model';
import { DeleteManagerCommand } from './delete-manager.command';

@CommandHandler(DeleteManagerCommand)
export class DeleteManagerHandler implements ICommandHandler<DeleteManagerCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: DeleteManagerCommand): Promise<null> {
    if (!(await findManager(this.dataSource, context.org_id, input.id))) throw notFound('manager');
    await withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const manager = await this.repository.load(new ManagerAggregate(input.id));
      manager.assertVersion(input.expected_version);
      manager.execute({ type: 'DeleteManager' }, decision);
      await this.repository.save([manager], context, decision.now);
    });
    return null;
  }
}
