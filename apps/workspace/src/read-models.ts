import type { OwnedTable } from '@steward/event-store';
import { MembershipReadModelProjection } from './members/membership.read-model';
import { OrganizationReadModelProjection } from './organizations/organization.read-model';
import { TemplateReadModelProjection } from './templates/template.read-model';
import { WorkspaceReadModelProjection } from './workspaces/workspace.read-model';

/**
 * The workspace service's inline projections, in the order every append runs them
 * (workspace.module.ts), and `npm run projections:verify -- workspace` replays them.
 */
export const WORKSPACE_INLINE_PROJECTIONS = [OrganizationReadModelProjection, MembershipReadModelProjection, WorkspaceReadModelProjection, TemplateReadModelProjection];

/**
 * The read tables those projections write, i.e. what a rebuild from the workspace event store
 * must give back. `directory_users` is not one: identity's events feed it.
 */
export const WORKSPACE_READ_TABLES: readonly OwnedTable[] = [{ name: 'organizations' }, { name: 'workspaces' }, { name: 'workspace_members' }, { name: 'templates' }];
