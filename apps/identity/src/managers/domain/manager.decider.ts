import { DomainError, isId, type Changes, type ManagerEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

/**
 * A manager: a user of the organization granted a role (system or custom) on a set of
 * workspaces; an empty set means every workspace, present and future. Whether the user and the
 * role exist in the organization are facts the handler looks up and passes in.
 */
export type ManagerState =
  | { status: 'none' }
  | { status: 'active' | 'deleted'; id: string; userId: string; roleId: string; workspaceIds: string[] };

/** A referenced user or role, with whether it exists in the organization. */
export interface Ref {
  id: string;
  exists: boolean;
}

export type ManagerCommand =
  | { type: 'CreateManager'; managerId: string; user: Ref; role: Ref; workspaceIds: string[] }
  | { type: 'UpdateManager'; role?: Ref; workspaceIds?: string[] }
  | { type: 'DeleteManager' };

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

function existingRole(role: Ref): string {
  if (!role.exists) throw invalid('role_id', 'unknown', 'role_id must name a system role or a custom role of the organization');
  return role.id;
}

function validWorkspaceIds(ids: string[]): string[] {
  if (ids.some((id) => !isId('ws', id))) throw invalid('workspace_ids', 'format', 'workspace_ids must be workspace ids (ws_…)');
  return [...new Set(ids)];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export const managerDecider: Decider<ManagerState, ManagerCommand, ManagerEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'manager.created':
        return {
          status: 'active',
          id: event.data.manager_id,
          userId: event.data.user_id,
          roleId: event.data.role_id,
          workspaceIds: event.data.workspace_ids,
        };
      case 'manager.updated': {
        if (state.status === 'none') return state;
        const c = event.data.changes;
        return {
          ...state,
          roleId: c.role_id ? (c.role_id.to as string) : state.roleId,
          workspaceIds: c.workspace_ids ? (c.workspace_ids.to as string[]) : state.workspaceIds,
        };
      }
      case 'manager.deleted':
        return state.status === 'none' ? state : { ...state, status: 'deleted' };
      default: {
        const unknown: never = event;
        throw new Error(`unhandled manager event ${String((unknown as ManagerEvent).type)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateManager': {
        if (state.status !== 'none') throw new DomainError('conflict', 'manager already exists');
        if (!command.user.exists) throw invalid('user_id', 'unknown', 'user_id must name a user of the organization');
        return [
          {
            type: 'manager.created',
            data: {
              manager_id: command.managerId,
              user_id: command.user.id,
              role_id: existingRole(command.role),
              workspace_ids: validWorkspaceIds(command.workspaceIds),
            },
          },
        ];
      }
      case 'UpdateManager': {
        if (state.status !== 'active') throw new DomainError('not_found', 'manager not found');
        const changes: Changes = {};
        if (command.role !== undefined) {
          const roleId = existingRole(command.role);
          if (roleId !== state.roleId) changes.role_id = { from: state.roleId, to: roleId };
        }
        if (command.workspaceIds !== undefined) {
          const workspaceIds = validWorkspaceIds(command.workspaceIds);
          if (!sameSet(workspaceIds, state.workspaceIds)) changes.workspace_ids = { from: state.workspaceIds, to: workspaceIds };
        }
        return Object.keys(changes).length ? [{ type: 'manager.updated', data: { manager_id: state.id, changes } }] : [];
      }
      case 'DeleteManager': {
        if (state.status !== 'active') throw new DomainError('not_found', 'manager not found');
        return [{ type: 'manager.deleted', data: { manager_id: state.id, user_id: state.userId, role_id: state.roleId } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled manager command ${String((unknown as ManagerCommand).type)}`);
      }
    }
  },
};
