import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserDeleted, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, type EventReaction } from '@steward/event-store';
import { lockMembershipsOfUser } from '../directory-users.read-model';
import { membershipsOfUser } from '../membership.read-model';
import { removeMemberships } from './membership-changes';

/** A deleted user's memberships end (reason `user_deleted`). */
@Injectable()
export class RemoveMembershipsWhenUserIsDeleted implements EventReaction {
  readonly types = [UserDeleted.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const { user_id } = event.data as (typeof UserDeleted)['schema']['static'];
    await lockMembershipsOfUser(manager, user_id);
    const workspaceIds = await membershipsOfUser(manager, event.orgid, user_id);
    await removeMemberships(this.repository, manager, event, workspaceIds.map((workspaceId) => ({ workspaceId, userId: user_id })), 'user_deleted');
  }
}
