import { DomainError, isSystemRole, notFound, SYSTEM_ROLES, type Changes, type UserEvent, type UserStatus } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type UserState =
  | { exists: false; deleted: boolean }
  | {
      exists: true;
      id: string;
      name: string;
      email: string;
      role: string;
      status: UserStatus;
      workspaceIds: string[];
    };

type ExistingUser = Extract<UserState, { exists: true }>;

export type UserCommand =
  | {
      type: 'CreateUser';
      userId: string;
      name: string;
      email: string;
      role: string;
      sendInvitation: boolean;
      workspaceIds: string[];
      invitationId: string | null;
      /** Set by the handler when `role` is a custom role id of the organization (roles table). */
      customRoleExists?: boolean;
    }
  | {
      /** PATCH: only the given fields; `customRoleExists` is looked up by the handler (roles table). */
      type: 'UpdateUser';
      name?: string;
      role?: string;
      status?: string;
      customRoleExists: boolean;
    }
  /** The invitee accepted `invitationId`: invited → active. */
  | { type: 'ActivateUser'; invitationId: string }
  | { type: 'DeleteUser' }
  | { type: 'RecordSignIn'; ip: string | null; userAgent: string | null; method: string; success: boolean };

/** Statuses a PATCH may set; `invited` only comes from creation. */
export const SETTABLE_USER_STATUSES = ['active', 'inactive'] as const;

// Pragmatic address check (like most public APIs): one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

/** A user that was never created or has been deleted is not found. */
function existing(state: UserState): ExistingUser {
  if (!state.exists) throw notFound('user');
  return state;
}

function decideUpdate(command: Extract<UserCommand, { type: 'UpdateUser' }>, user: ExistingUser): UserEvent[] {
  const changes: Changes = {};
  if (command.name !== undefined) {
    const name = command.name.trim();
    if (!name) throw invalid('name', 'required', 'name must not be empty');
    if (name !== user.name) changes.name = { from: user.name, to: name };
  }
  if (command.role !== undefined && command.role !== user.role) {
    if (!isSystemRole(command.role) && !command.customRoleExists) {
      throw invalid('role', 'unknown', `role must be one of ${SYSTEM_ROLES.join(', ')} or a custom role id of the organization`);
    }
    changes.role = { from: user.role, to: command.role };
  }
  if (command.status !== undefined) {
    if (!(SETTABLE_USER_STATUSES as readonly string[]).includes(command.status)) {
      throw invalid('status', 'invalid', `status must be one of ${SETTABLE_USER_STATUSES.join(', ')}`);
    }
    if (command.status !== user.status) {
      // An invited user becomes active by accepting the invitation, not by an admin's PATCH.
      if (user.status === 'invited') throw new DomainError('conflict', 'an invited user becomes active by accepting the invitation');
      changes.status = { from: user.status, to: command.status };
    }
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'user.updated', data: { user_id: user.id, changes } }];
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ exists: false, deleted: false }),

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
      case 'user.updated': {
        if (!state.exists) return state;
        const next = { ...state };
        const { name, role, status } = event.data.changes;
        if (name) next.name = name.to as string;
        if (role) next.role = role.to as string;
        if (status) next.status = status.to as UserStatus;
        return next;
      }
      case 'user.activated':
        return state.exists ? { ...state, status: 'active' } : state;
      case 'user.deleted':
        return { exists: false, deleted: true };
      case 'user.signed_in':
        // Recorded for the activity log; the user itself does not change.
        return state;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled user event ${String((unknown as { type: string }).type)}`);
      }
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'CreateUser': {
        if (state.exists || state.deleted) throw new DomainError('conflict', 'user already exists');
        const name = command.name.trim();
        const email = command.email.trim();
        if (!name) throw invalid('name', 'required', 'name must not be empty');
        if (!EMAIL.test(email)) throw invalid('email', 'format', 'email must be a valid address');
        if (!isSystemRole(command.role) && !command.customRoleExists) {
          throw invalid('role', 'unknown', `role must be one of ${SYSTEM_ROLES.join(', ')} or a custom role id of the organization`);
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
      case 'UpdateUser':
        return decideUpdate(command, existing(state));
      case 'ActivateUser': {
        const user = existing(state);
        if (user.status !== 'invited') throw new DomainError('conflict', `the user is ${user.status}, not invited`);
        return [{ type: 'user.activated', data: { user_id: user.id, invitation_id: command.invitationId } }];
      }
      case 'DeleteUser': {
        const user = existing(state);
        return [
          {
            type: 'user.deleted',
            data: { user_id: user.id, name: user.name, email: user.email, role: user.role, workspace_ids: user.workspaceIds },
          },
        ];
      }
      case 'RecordSignIn': {
        const user = existing(state);
        const method = command.method.trim();
        if (!method) throw invalid('method', 'required', 'method must not be empty');
        return [
          {
            type: 'user.signed_in',
            data: {
              user_id: user.id,
              sign_in_id: context.ids.next('sgn'),
              ip: command.ip,
              user_agent: command.userAgent,
              method,
              success: command.success,
            },
          },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled user command ${String((unknown as { type: string }).type)}`);
      }
    }
  },
};
