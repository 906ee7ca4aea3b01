import type { OwnedTable } from '@steward/event-store';
import { InvitationReadModelProjection } from './invitations/invitation.read-model';
import { ManagerReadModelProjection } from './managers/manager.read-model';
import { RoleReadModelProjection } from './roles/role.read-model';
import { UserReadModelProjection } from './users/user.read-model';
import { WorkspaceInvitationGuardProjection } from './workspaces/directory-workspaces.read-model';

/**
 * Identity's inline projections, in the order every append runs them (identity.module.ts), and
 * `npm run projections:verify -- identity` replays them.
 */
export const IDENTITY_INLINE_PROJECTIONS = [
  UserReadModelProjection,
  InvitationReadModelProjection,
  RoleReadModelProjection,
  ManagerReadModelProjection,
  WorkspaceInvitationGuardProjection,
];

/**
 * The read tables those projections write, i.e. what a rebuild from identity's event store must
 * give back. `directory_workspaces` is not one: the workspace service's events feed it.
 */
export const IDENTITY_READ_TABLES: readonly OwnedTable[] = [
  // A user's `workspace_ids` after creation follows the workspace service's membership events
  // (TrackUserWorkspacesWhenMembershipChanges), which identity's event store does not hold.
  { name: 'users', ignoreColumns: ['workspace_ids'] },
  { name: 'sign_ins' },
  { name: 'invitations' },
  { name: 'roles' },
  { name: 'managers' },
];
