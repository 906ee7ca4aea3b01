import { DomainError, SCOPES, SYSTEM_ROLES, isSystemRole, type Changes, type RoleEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

/**
 * A custom role of an organization. System roles (`owner admin editor viewer`) are not
 * aggregates: they are fixed, listed from SYSTEM_ROLE_PERMISSIONS, and every change to one is
 * refused here (409). Whether a role is in use is checked where the users and managers tables
 * are visible, in the roles inline projection, inside the append transaction.
 */
export type RoleState =
  | { status: 'none' }
  | { status: 'active' | 'deleted'; id: string; name: string; description: string; permissions: string[] };

export type RoleCommand =
  | { type: 'CreateRole'; roleId: string; name: string; description?: string; permissions: string[] }
  | { type: 'UpdateRole'; roleId: string; name?: string; description?: string; permissions?: string[] }
  | { type: 'DeleteRole'; roleId: string };

export const ROLE_NAME_MAX = 100;
export const ROLE_DESCRIPTION_MAX = 500;

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

function validName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > ROLE_NAME_MAX) throw invalid('name', 'length', `name must be 1 to ${ROLE_NAME_MAX} characters`);
  if (SYSTEM_ROLES.some((system) => system === name.toLowerCase())) {
    throw new DomainError('conflict', `${name} is the name of a system role`, [{ field: 'name', issue: 'reserved' }]);
  }
  return name;
}

function validDescription(raw: string | undefined): string {
  const description = (raw ?? '').trim();
  if (description.length > ROLE_DESCRIPTION_MAX) {
    throw invalid('description', 'length', `description must be at most ${ROLE_DESCRIPTION_MAX} characters`);
  }
  return description;
}

function validPermissions(permissions: string[]): string[] {
  if (permissions.length === 0) throw invalid('permissions', 'required', 'permissions must name at least one scope');
  const unknown = permissions.filter((p) => !(SCOPES as readonly string[]).includes(p));
  if (unknown.length > 0) throw invalid('permissions', 'unknown', `unknown permission ${unknown.join(', ')}; permissions are scope names`);
  if (new Set(permissions).size !== permissions.length) throw invalid('permissions', 'duplicate', 'permissions must not repeat a scope');
  return [...permissions];
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function refuseSystemRole(roleId: string): void {
  if (isSystemRole(roleId)) throw new DomainError('conflict', `${roleId} is a system role and cannot be changed or deleted`);
}

export const roleDecider: Decider<RoleState, RoleCommand, RoleEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'role.created':
        return {
          status: 'active',
          id: event.data.role_id,
          name: event.data.name,
          description: event.data.description,
          permissions: event.data.permissions,
        };
      case 'role.updated': {
        if (state.status === 'none') return state;
        const c = event.data.changes;
        return {
          ...state,
          name: c.name ? (c.name.to as string) : state.name,
          description: c.description ? (c.description.to as string) : state.description,
          permissions: c.permissions ? (c.permissions.to as string[]) : state.permissions,
        };
      }
      case 'role.deleted':
        return state.status === 'none' ? state : { ...state, status: 'deleted' };
      default: {
        const unknown: never = event;
        throw new Error(`unhandled role event ${String((unknown as RoleEvent).type)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateRole': {
        if (state.status !== 'none') throw new DomainError('conflict', 'role already exists');
        refuseSystemRole(command.roleId);
        return [
          {
            type: 'role.created',
            data: {
              role_id: command.roleId,
              name: validName(command.name),
              description: validDescription(command.description),
              permissions: validPermissions(command.permissions),
            },
          },
        ];
      }
      case 'UpdateRole': {
        refuseSystemRole(command.roleId);
        if (state.status !== 'active') throw new DomainError('not_found', 'role not found');
        const changes: Changes = {};
        if (command.name !== undefined) {
          const name = validName(command.name);
          if (name !== state.name) changes.name = { from: state.name, to: name };
        }
        if (command.description !== undefined) {
          const description = validDescription(command.description);
          if (description !== state.description) changes.description = { from: state.description, to: description };
        }
        if (command.permissions !== undefined) {
          const permissions = validPermissions(command.permissions);
          if (!sameSet(permissions, state.permissions)) changes.permissions = { from: state.permissions, to: permissions };
        }
        return Object.keys(changes).length ? [{ type: 'role.updated', data: { role_id: state.id, changes } }] : [];
      }
      case 'DeleteRole': {
        refuseSystemRole(command.roleId);
        if (state.status !== 'active') throw new DomainError('not_found', 'role not found');
        return [{ type: 'role.deleted', data: { role_id: state.id, name: state.name } }];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled role command ${String((unknown as RoleCommand).type)}`);
      }
    }
  },
};
