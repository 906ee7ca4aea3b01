import { DomainError, type InvitationEvent, type UserStatus } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

/** Stored statuses. `expired` is not one of them: it is a pending invitation past `expiresAt`. */
export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked';

export type InvitationState =
  | { exists: false }
  | {
      exists: true;
      id: string;
      userId: string;
      email: string;
      name: string;
      role: string;
      workspaceId: string | null;
      status: InvitationStatus;
      /** With INVITATION_TOKEN_SECRET it determines the only token that works now. */
      tokenNonce: string;
      expiresAt: string;
    };

export type InvitationCommand =
  | {
      type: 'IssueInvitation';
      invitationId: string;
      userId: string;
      email: string;
      name: string;
      role: string;
      workspaceId: string | null;
      /** Random, from the handler: with INVITATION_TOKEN_SECRET it determines the token. */
      tokenNonce: string;
      ttlDays: number;
      /**
       * Facts of a workspace invitation to a user who already exists (looked up by the handler;
       * absent when the user is created with the invitation): the user's status, whether they are
       * already a member of the workspace, and whether `role` names a role of the organization.
       */
      existingUser?: { status: UserStatus; member: boolean; roleKnown: boolean };
    }
  | {
      /** A new token (new nonce, new expiry) for a pending invitation; the old token is void. */
      type: 'ResendInvitation';
      tokenNonce: string;
      ttlDays: number;
      /** Whether the invitation's user is still `invited` (resend is only for invited users). */
      userInvited: boolean;
    }
  | {
      type: 'AcceptInvitation' | 'DeclineInvitation';
      /**
       * Whether the presented token is the current one (computed by the handler, which holds the
       * secret: a constant-time comparison with the token of the current nonce).
       */
      tokenMatches: boolean;
      /** Whether the invitation's user is still `invited` (not deleted, not already active). */
      userInvited: boolean;
      /** Whether the invitation's user is `active`: enough for an invitation to a workspace. */
      userActive?: boolean;
    }
  | { type: 'RevokeInvitation' };

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a read of a stored status shows: a pending invitation past its expiry is `expired`. */
export function effectiveInvitationStatus(status: InvitationStatus, expiresAt: string | Date, now: Date): InvitationStatus | 'expired' {
  return status === 'pending' && new Date(expiresAt).getTime() <= now.getTime() ? 'expired' : status;
}

/** The one answer to a token that cannot be used, whatever the reason: the holder learns nothing more. */
export const invitationGone = () => new DomainError('gone', 'the invitation is no longer valid (used, revoked, declined, expired or superseded)');

export const invitationDecider: Decider<InvitationState, InvitationCommand, InvitationEvent> = {
  initialState: () => ({ exists: false }),

  evolve(state, event) {
    switch (event.type) {
      case 'invitation.created':
        return {
          exists: true,
          id: event.data.invitation_id,
          userId: event.data.user_id,
          email: event.data.email,
          name: event.data.name,
          role: event.data.role,
          workspaceId: event.data.workspace_id,
          status: 'pending',
          tokenNonce: event.data.token_nonce,
          expiresAt: event.data.expires_at,
        };
      case 'invitation.resent':
        if (!state.exists) return state;
        return { ...state, tokenNonce: event.data.token_nonce, expiresAt: event.data.expires_at };
      case 'invitation.accepted':
        return state.exists ? { ...state, status: 'accepted' } : state;
      case 'invitation.declined':
        return state.exists ? { ...state, status: 'declined' } : state;
      case 'invitation.revoked':
        return state.exists ? { ...state, status: 'revoked' } : state;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled invitation event ${String((unknown as { type: unknown }).type)}`);
      }
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'IssueInvitation': {
        if (state.exists) throw new DomainError('conflict', 'invitation already exists');
        const existing = command.existingUser;
        if (existing) {
          if (command.workspaceId === null) throw new Error('an invitation of an existing user is an invitation to a workspace');
          if (!existing.roleKnown) {
            throw new DomainError('invalid_request', 'role must be a system role or a custom role id of the organization', [{ field: 'role', issue: 'unknown' }]);
          }
          if (existing.status === 'inactive') throw new DomainError('conflict', 'the user is inactive; reactivate them first');
          if (existing.member) throw new DomainError('conflict', 'the user is already a member of the workspace');
        }
        return [
          {
            type: 'invitation.created',
            data: {
              invitation_id: command.invitationId,
              user_id: command.userId,
              email: command.email,
              name: command.name,
              role: command.role,
              workspace_id: command.workspaceId,
              expires_at: new Date(context.now.getTime() + command.ttlDays * DAY_MS).toISOString(),
              token_nonce: command.tokenNonce,
            },
          },
        ];
      }
      case 'ResendInvitation': {
        if (!state.exists) throw new DomainError('not_found', 'invitation not found');
        if (!command.userInvited) throw new DomainError('conflict', 'the user is not invited (already active, inactive or deleted)');
        // An expired invitation is still pending: resending it is what renews it.
        if (state.status !== 'pending') throw new DomainError('conflict', `the invitation is ${state.status}`);
        return [
          {
            type: 'invitation.resent',
            data: {
              invitation_id: state.id,
              user_id: state.userId,
              workspace_id: state.workspaceId,
              email: state.email,
              name: state.name,
              role: state.role,
              expires_at: new Date(context.now.getTime() + command.ttlDays * DAY_MS).toISOString(),
              token_nonce: command.tokenNonce,
            },
          },
        ];
      }
      case 'AcceptInvitation':
      case 'DeclineInvitation': {
        // Every failure is the same 410: a token holder learns nothing about why. An active user
        // may still answer an invitation to a workspace (it makes them a member, nothing more).
        if (!state.exists || state.status !== 'pending' || !command.tokenMatches) throw invitationGone();
        if (!command.userInvited && !(state.workspaceId !== null && command.userActive === true)) throw invitationGone();
        if (effectiveInvitationStatus(state.status, state.expiresAt, context.now) === 'expired') throw invitationGone();
        const ref = { invitation_id: state.id, user_id: state.userId, workspace_id: state.workspaceId };
        return command.type === 'AcceptInvitation'
          ? [{ type: 'invitation.accepted', data: { ...ref, role: state.role } }]
          : [{ type: 'invitation.declined', data: ref }];
      }
      case 'RevokeInvitation': {
        if (!state.exists) throw new DomainError('not_found', 'invitation not found');
        if (state.status !== 'pending') throw new DomainError('conflict', `the invitation is ${state.status}`);
        return [{ type: 'invitation.revoked', data: { invitation_id: state.id, user_id: state.userId, workspace_id: state.workspaceId } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled invitation command ${String((unknown as { type: unknown }).type)}`);
      }
    }
  },
};
