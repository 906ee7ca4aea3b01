import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { WorkspaceDeleted, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, type EventReaction } from '@steward/event-store';
import { membershipsOfWorkspace } from '../membership.read-model';
import { removeMemberships } from './membership-changes';

/**
 * A deleted workspace's memberships end (reason `workspace_deleted`); a cascade emits one
 * `workspace.deleted` per removed workspace, so each is handled alike. The workspace row is gone
 * by now, and an add that locked it committed first, so every membership is seen here.
 */
@Injectable()
export class RemoveMembershipsWhenWorkspaceIsDeleted implements EventReaction {
  readonly types = [WorkspaceDeleted.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const { workspace_id } = event.data as (typeof WorkspaceDeleted)['schema']['static'];
    const userIds = await membershipsOfWorkspace(manager, event.orgid, workspace_id);
    await removeMemberships(this.repository, manager, event, userIds.map((userId) => ({ workspaceId: workspace_id, userId })), 'workspace_deleted');
  }
}
