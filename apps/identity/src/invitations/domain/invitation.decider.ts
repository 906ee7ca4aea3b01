import { DomainError, type InvitationEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type InvitationState =
  | { exists: false }
  | { exists: true; id: string; userId: string; email: string; expiresAt: string; status: 'pending' };

export type InvitationCommand = {
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
};

const DAY_MS = 24 * 60 * 60 * 1000;

export const invitationDecider: Decider<InvitationState, InvitationCommand, InvitationEvent> = {
  initialState: () => ({ exists: false }),

  evolve(_state, event) {
    switch (event.type) {
      case 'invitation.created':
        return {
          exists: true,
          id: event.data.invitation_id,
          userId: event.data.user_id,
          email: event.data.email,
          expiresAt: event.data.expires_at,
          status: 'pending',
        };
      default: {
        const unknown: never = event.type;
        throw new Error(`unhandled invitation event ${String(unknown)}`);
      }
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'IssueInvitation': {
        if (state.exists) throw new DomainError('conflict', 'invitation already exists');
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
      default: {
        const unknown: never = command.type;
        throw new Error(`unhandled invitation command ${String(unknown)}`);
      }
    }
  },
};
