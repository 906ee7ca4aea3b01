import { DeciderAggregate } from '@steward/event-store';
import { membershipDecider, type MembershipCommand, type MembershipEvent, type MembershipState } from './domain/membership.decider';

/** The stream of one user's membership of one workspace: derived from the pair, so it is found without a lookup. */
export function membershipStreamId(workspaceId: string, userId: string): string {
  return `wsm:${workspaceId}:${userId}`;
}

export class MembershipAggregate extends DeciderAggregate<MembershipState, MembershipCommand, MembershipEvent> {
  constructor(workspaceId: string, userId: string) {
    super(membershipStreamId(workspaceId, userId), 'workspace_membership', membershipDecider);
  }
}
