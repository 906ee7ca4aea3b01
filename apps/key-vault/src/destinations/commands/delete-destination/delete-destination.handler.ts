import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { findReplicaWorkspace } from '../../../workspaces-replica/workspaces-replica.projection';
import { DestinationAggregate } from '../../destination.aggregate';
import { countActiveKeysRoutedTo, findDestination } from '../../destination.read-model';
import { DeleteDestinationCommand } from './delete-destination.command';

/**
 * Deletes a destination of the caller's organization (another organization's → 404). While
 * active keys are routed to it the decider refuses (409); the projection counts them again under
 * the destination's lock in the append transaction, so a key created meanwhile is not missed.
 */
@CommandHandler(DeleteDestinationCommand)
export class DeleteDestinationHandler implements ICommandHandler<DeleteDestinationCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: DeleteDestinationCommand): Promise<null> {
    const row = await findDestination(this.dataSource, context.org_id, input.id);
    if (!row) throw notFound('destination');
    await withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const destination = await this.repository.load(new DestinationAggregate(input.id));
      if (destination.exists) destination.assertVersion(input.expected_version);
      const activeKeys = await countActiveKeysRoutedTo(this.dataSource, context.org_id, input.id, decision.now);
      const workspaceDeleted = !(await findReplicaWorkspace(this.dataSource, context.org_id, row.workspace_id));
      destination.execute({ type: 'DeleteDestination', activeKeys, workspaceDeleted }, decision);
      await this.repository.save([destination], context, decision.now);
    });
    return null;
  }
}
