import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { typeIdGenerator, WorkspaceDeleted, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, reactionContext, type DecisionContext, type EventReaction } from '@steward/event-store';
import { InvitationAggregate } from '../../invitations/invitation.aggregate';
import { lockInvitationsToWorkspace } from '../directory-workspaces.read-model';

/**
 * A deleted workspace's pending invitations are revoked (`invitation.revoked`; their tokens stop
 * working), through the invitations' own streams. An expired one is revoked too: that settles it.
 */
@Injectable()
export class RevokeInvitationsWhenWorkspaceIsDeleted implements EventReaction {
  readonly types = [WorkspaceDeleted.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const { workspace_id } = event.data as (typeof WorkspaceDeleted)['schema']['static'];
    await lockInvitationsToWorkspace(manager, workspace_id, 'exclusive');
    const rows = (await manager.query(`SELECT id FROM invitations WHERE org_id = $1 AND workspace_id = $2 AND status = 'pending'`, [
      event.orgid,
      workspace_id,
    ])) as { id: string }[];
    const loaded = await Promise.all(rows.map((r) => this.repository.load(new InvitationAggregate(r.id))));
    const pending = loaded.filter((i) => i.state.exists && i.state.status === 'pending');
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: event.actor, orgId: event.orgid };
    for (const invitation of pending) invitation.execute({ type: 'RevokeInvitation' }, decision);
    await this.repository.save(pending, reactionContext(event), decision.now, manager);
  }
}
