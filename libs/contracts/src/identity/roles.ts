import { SCOPES, type Scope } from '../core/scopes';
import type { SystemRole } from './events';

const READ_SCOPES = SCOPES.filter((s) => s.endsWith(':read'));

/**
 * Fixed permission sets of the system roles. Owners and admins hold everything (`admin`); only
 * owners are protected (the last owner cannot be removed or demoted). Editors change content
 * (workspaces, templates, destinations); viewers read.
 */
export const SYSTEM_ROLE_PERMISSIONS: Record<SystemRole, readonly Scope[]> = {
  owner: ['admin'],
  admin: ['admin'],
  editor: [...READ_SCOPES, 'workspaces:write', 'templates:write', 'destinations:write'],
  viewer: READ_SCOPES,
};

export const SYSTEM_ROLE_DESCRIPTIONS: Record<SystemRole, string> = {
  owner: 'Full access; the organization always keeps at least one owner.',
  admin: 'Full access.',
  editor: 'Reads everything; changes workspaces, templates and destinations.',
  viewer: 'Reads everything.',
};

export function isSystemRole(role: string): role is SystemRole {
  return Object.prototype.hasOwnProperty.call(SYSTEM_ROLE_PERMISSIONS, role);
}
