import { DomainError, notFound, type WorkspaceEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

/** The events of a membership stream (a subset of the workspace context's events). */
export type MembershipEvent = Extract<WorkspaceEvent, { type: 'workspace.member_added' | 'workspace.member_removed' }>;

export type MemberRemovalReason = Extract<MembershipEvent, { type: 'workspace.member_removed' }>['data']['reason'];

/**
 * One user's membership of one workspace (stream `wsm:<workspace id>:<user id>`). It can end and
 * begin again: added → removed → added is one stream.
 */
export type MembershipState =
  | { status: 'none' }
  | { status: 'member' | 'removed'; workspaceId: string; userId: string; role: string; invitationId: string | null };

export type MembershipCommand =
  | {
      type: 'AddMember';
      workspaceId: string;
      userId: string;
      role: string;
      invitationId: string | null;
      /** Facts looked up by the caller: the workspace exists in the organization (not deleted)… */
      workspaceExists: boolean;
      /** …and the user has not been deleted. */
      userDeleted: boolean;
    }
  | { type: 'RemoveMember'; reason: MemberRemovalReason };

export const membershipDecider: Decider<MembershipState, MembershipCommand, MembershipEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'workspace.member_added':
        return {
          status: 'member',
          workspaceId: event.data.workspace_id,
          userId: event.data.user_id,
          role: event.data.role,
          invitationId: event.data.invitation_id,
        };
      case 'workspace.member_removed':
        return state.status === 'none' ? state : { ...state, status: 'removed' };
      default: {
        const unknown: never = event;
        throw new Error(`unhandled membership event ${String((unknown as { type: string }).type)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'AddMember': {
        if (!command.workspaceExists) throw notFound('workspace');
        if (command.userDeleted) throw notFound('user');
        const role = command.role.trim();
        if (!role) throw new DomainError('invalid_request', 'role must not be empty', [{ field: 'role', issue: 'required' }]);
        // Already a member (e.g. a second invitation to the same workspace accepted): nothing changes.
        if (state.status === 'member') return [];
        return [
          {
            type: 'workspace.member_added',
            data: { workspace_id: command.workspaceId, user_id: command.userId, role, invitation_id: command.invitationId },
          },
        ];
      }
      case 'RemoveMember': {
        if (state.status !== 'member') throw notFound('member');
        return [{ type: 'workspace.member_removed', data: { workspace_id: state.workspaceId, user_id: state.userId, reason: command.reason } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled membership command ${String((unknown as { type: string }).type)}`);
      }
    }
  },
};
