/** API scopes (API.md). `admin` grants every scope. */
export const SCOPES = [
  'users:read',
  'users:write',
  'roles:read',
  'roles:write',
  'managers:read',
  'managers:write',
  'workspaces:read',
  'workspaces:write',
  'templates:read',
  'templates:write',
  'keys:read',
  'keys:write',
  'destinations:read',
  'destinations:write',
  'audit:read',
  'jobs:read',
  'jobs:write',
  'events:read',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export function hasScope(granted: readonly string[], needed: Scope): boolean {
  return granted.includes('admin') || granted.includes(needed);
}
