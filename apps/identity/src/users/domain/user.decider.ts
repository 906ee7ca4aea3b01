import { DomainError, SYSTEM_ROLES, type UserEvent, type UserStatus } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type UserState =
  | { exists: false }
  | {
      exists: true;
      id: string;
      name: string;
      email: string;
      role: string;
      status: UserStatus;
      workspaceIds: string[];
    };

export type UserCommand = {
  type: 'CreateUser';
  userId: string;
  name: string;
  email: string;
  role: string;
  sendInvitation: boolean;
  workspaceIds: string[];
  invitationId: string | null;
};

// Pragmatic address check (like most public APIs): one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ exists: false }),

  evolve(state, event) {
    switch (event.type) {
      case 'user.created':
        return {
          exists: true,
          id: event.data.user_id,
          name: event.data.name,
          email: event.data.email,
          role: event.data.role,
          status: event.data.status,
          workspaceIds: event.data.workspace_ids,
        };
      default: {
        const unknown: never = event.type;
        throw new Error(`unhandled user event ${String(unknown)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateUser': {
        if (state.exists) throw new DomainError('conflict', 'user already exists');
        const name = command.name.trim();
        const email = command.email.trim();
        if (!name) throw invalid('name', 'required', 'name must not be empty');
        if (!EMAIL.test(email)) throw invalid('email', 'format', 'email must be a valid address');
        if (!(SYSTEM_ROLES as readonly string[]).includes(command.role)) {
          throw invalid('role', 'unknown', `role must be one of ${SYSTEM_ROLES.join(', ')}`);
        }
        if (command.sendInvitation !== (command.invitationId !== null)) {
          throw new Error('an invitation id is required exactly when an invitation is sent');
        }
        return [
          {
            type: 'user.created',
            data: {
              user_id: command.userId,
              name,
              email,
              role: command.role,
              status: command.sendInvitation ? 'invited' : 'active',
              workspace_ids: [...new Set(command.workspaceIds)],
              invitation_id: command.invitationId,
            },
          },
        ];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`unhandled user command ${String(unknown)}`);
      }
    }
  },
};
