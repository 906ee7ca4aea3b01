import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserCreated, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, type EventReaction } from '@steward/event-store';
import { addMemberships } from './membership-changes';

/**
 * A user created with `workspace_ids` becomes a member of each of them that exists in the
 * organization, with the user's role (ids of no workspace of the organization are skipped).
 */
@Injectable()
export class AddMembersWhenUserIsCreated implements EventReaction {
  readonly types = [UserCreated.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const data = event.data as (typeof UserCreated)['schema']['static'];
    if (data.workspace_ids.length === 0) return;
    const grants = [...new Set(data.workspace_ids)].map((workspaceId) => ({ workspaceId, role: data.role, invitationId: null }));
    await addMemberships(this.repository, manager, event, data.user_id, grants);
  }
}
