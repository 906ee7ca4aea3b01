import { Module } from '@nestjs/common';
import { EventStoreModule } from '@steward/event-store';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { IDENTITY_CONFIG, loadIdentityConfig } from './config/identity.config';
import { AcceptInvitationHandler } from './invitations/commands/accept-invitation/accept-invitation.handler';
import { DeclineInvitationHandler } from './invitations/commands/decline-invitation/decline-invitation.handler';
import { ResendInvitationHandler } from './invitations/commands/resend-invitation/resend-invitation.handler';
import { RevokeInvitationHandler } from './invitations/commands/revoke-invitation/revoke-invitation.handler';
import { InvitationTokens } from './invitations/invitation-tokens';
import { invitationRpcRoutes } from './invitations/invitations.rpc';
import { ListInvitationsHandler } from './invitations/queries/list-invitations/list-invitations.handler';
import { CreateManagerHandler } from './managers/commands/create-manager/create-manager.handler';
import { DeleteManagerHandler } from './managers/commands/delete-manager/delete-manager.handler';
import { UpdateManagerHandler } from './managers/commands/update-manager/update-manager.handler';
import { managerRpcRoutes } from './managers/managers.rpc';
import { GetManagerHandler } from './managers/queries/get-manager/get-manager.handler';
import { ListManagersHandler } from './managers/queries/list-managers/list-managers.handler';
import { CreateRoleHandler } from './roles/commands/create-role/create-role.handler';
import { DeleteRoleHandler } from './roles/commands/delete-role/delete-role.handler';
import { UpdateRoleHandler } from './roles/commands/update-role/update-role.handler';
import { GetRoleHandler } from './roles/queries/get-role/get-role.handler';
import { ListRolesHandler } from './roles/queries/list-roles/list-roles.handler';
import { roleRpcRoutes } from './roles/roles.rpc';
import { UsersAndInvitations1764140000100 } from './migrations/1764140000100-users-and-invitations';
import { RolesManagersSignIns1764140000110 } from './migrations/1764140000110-roles-managers-sign-ins';
import { CreateUserHandler } from './users/commands/create-user/create-user.handler';
import { DeleteUserHandler } from './users/commands/delete-user/delete-user.handler';
import { RecordSignInHandler } from './users/commands/record-sign-in/record-sign-in.handler';
import { UpdateUserHandler } from './users/commands/update-user/update-user.handler';
import { GetUserAsOfHandler } from './users/queries/get-user-as-of/get-user-as-of.handler';
import { GetUserHistoryHandler } from './users/queries/get-user-history/get-user-history.handler';
import { ListSignInsHandler } from './users/queries/list-sign-ins/list-sign-ins.handler';
import { GetUserHandler } from './users/queries/get-user/get-user.handler';
import { ListUsersHandler } from './users/queries/list-users/list-users.handler';
import { userRpcRoutes } from './users/users.rpc';
import { InviteToWorkspaceHandler } from './invitations/commands/invite-to-workspace/invite-to-workspace.handler';
import { DirectoryWorkspaces1764140000150 } from './migrations/1764140000150-directory-workspaces';
import { DirectoryWorkspacesProjection } from './workspaces/directory-workspaces.read-model';
import { IDENTITY_INLINE_PROJECTIONS } from './read-models';
import { RevokeInvitationsWhenWorkspaceIsDeleted } from './workspaces/reactions/revoke-invitations-when-workspace-is-deleted';
import { TrackUserWorkspacesWhenMembershipChanges } from './workspaces/reactions/track-user-workspaces-when-membership-changes';
import { WorkspaceReactionsSubscriber } from './workspaces/reactions/workspace-reactions.subscriber';

const config = { provide: IDENTITY_CONFIG, useFactory: loadIdentityConfig };

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'identity', routes: [...userRpcRoutes, ...invitationRpcRoutes, ...roleRpcRoutes, ...managerRpcRoutes] }),
    serviceDatabaseModule('identity', [UsersAndInvitations1764140000100, RolesManagersSignIns1764140000110, DirectoryWorkspaces1764140000150]),
    EventStoreModule.forService({
      context: 'identity',
      inlineProjections: IDENTITY_INLINE_PROJECTIONS,
      providers: [config],
    }),
  ],
  providers: [
    config,
    InvitationTokens,
    ListInvitationsHandler,
    RevokeInvitationHandler,
    ResendInvitationHandler,
    AcceptInvitationHandler,
    DeclineInvitationHandler,
    CreateUserHandler,
    GetUserHandler,
    ListUsersHandler,
    UpdateUserHandler,
    DeleteUserHandler,
    RecordSignInHandler,
    GetUserAsOfHandler,
    GetUserHistoryHandler,
    ListSignInsHandler,
    CreateRoleHandler,
    UpdateRoleHandler,
    DeleteRoleHandler,
    GetRoleHandler,
    ListRolesHandler,
    CreateManagerHandler,
    UpdateManagerHandler,
    DeleteManagerHandler,
    GetManagerHandler,
    ListManagersHandler,
    InviteToWorkspaceHandler,
    DirectoryWorkspacesProjection,
    RevokeInvitationsWhenWorkspaceIsDeleted,
    TrackUserWorkspacesWhenMembershipChanges,
    WorkspaceReactionsSubscriber,
  ],
})
export class IdentityModule {}
