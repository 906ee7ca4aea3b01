import type { InvitationEvent } from '@steward/contracts';
import { DeciderAggregate } from '@steward/event-store';
import { invitationDecider, type InvitationCommand, type InvitationState } from './domain/invitation.decider';

export class InvitationAggregate extends DeciderAggregate<InvitationState, InvitationCommand, InvitationEvent> {
  constructor(id: string) {
    super(id, 'invitation', invitationDecider);
  }
}
