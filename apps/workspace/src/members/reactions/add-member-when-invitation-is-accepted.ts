import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvitationAccepted, type CloudEvent } from '@steward/contracts';
import { AggregateRepository, type EventReaction } from '@steward/event-store';
import { addMemberships } from './membership-changes';

/** An accepted workspace invitation makes its user a member, with the invitation's role. */
@Injectable()
export class AddMemberWhenInvitationIsAccepted implements EventReaction {
  readonly types = [InvitationAccepted.type];

  constructor(private readonly repository: AggregateRepository) {}

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const data = event.data as (typeof InvitationAccepted)['schema']['static'];
    if (!data.workspace_id) return;
    await addMemberships(this.repository, manager, event, data.user_id, [
      { workspaceId: data.workspace_id, role: data.role, invitationId: data.invitation_id },
    ]);
  }
}
