import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { typeIdGenerator, type DestinationResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { findReplicaWorkspace } from '../../../workspaces-replica/workspaces-replica.projection';
import { DestinationAggregate } from '../../destination.aggregate';
import { findDestination, toDestinationResource } from '../../destination.read-model';
import { CreateDestinationCommand } from './create-destination.command';

/**
 * Creates a destination owned by a workspace of the caller's organization (key-vault's replica
 * of workspaces says which exist; unknown, deleted or another organization's → 400). The
 * projection checks the workspace again under its lock in the append transaction.
 */
@CommandHandler(CreateDestinationCommand)
export class CreateDestinationHandler implements ICommandHandler<CreateDestinationCommand, DestinationResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: CreateDestinationCommand): Promise<DestinationResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const workspaceExists = !!(await findReplicaWorkspace(this.dataSource, context.org_id, input.workspace_id));
    const destination = new DestinationAggregate(decision.ids.next('dst'));
    destination.execute(
      { type: 'CreateDestination', destinationId: destination.id, name: input.name, workspaceId: input.workspace_id, workspaceExists },
      decision,
    );
    await this.repository.save([destination], context, decision.now);
    const row = await findDestination(this.dataSource, context.org_id, destination.id);
    if (!row) throw new Error(`destination ${destination.id} has no read row after its creation`);
    return toDestinationResource(row);
  }
}
