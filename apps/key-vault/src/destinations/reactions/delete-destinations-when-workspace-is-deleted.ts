import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { typeIdGenerator, WorkspaceDeleted, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, reactionContext, type DecisionContext, type EventReaction } from '@steward/event-store';
import { lockWorkspace } from '../../workspaces-replica/workspace.locks';
import { DestinationAggregate } from '../destination.aggregate';

/**
 * A destination is owned by its workspace: when the workspace is deleted (a cascade emits one
 * `workspace.deleted` per workspace) its destinations are deleted too, whatever keys are routed
 * to them (the keys themselves belong to the organization and keep working). Runs after the
 * replica marked the workspace deleted, in the same transaction, under the workspace's lock, so
 * a destination created concurrently is either seen here or refused.
 */
@Injectable()
export class DeleteDestinationsWhenWorkspaceIsDeleted implements EventReaction {
  readonly types = [WorkspaceDeleted.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const { workspace_id } = event.data as (typeof WorkspaceDeleted)['schema']['static'];
    await lockWorkspace(manager, workspace_id);
    const rows: { id: string }[] = await manager.query(`SELECT id FROM destinations WHERE org_id = $1 AND workspace_id = $2 ORDER BY id`, [
      event.orgid,
      workspace_id,
    ]);
    if (rows.length === 0) return;
    const context = reactionContext(event);
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    const destinations: DestinationAggregate[] = [];
    for (const { id } of rows) {
      const destination = await this.repository.load(new DestinationAggregate(id));
      if (!destination.exists) continue;
      destination.execute({ type: 'DeleteDestination', activeKeys: 0, workspaceDeleted: true }, decision);
      destinations.push(destination);
    }
    await this.repository.save(destinations, context, decision.now, manager);
  }
}
