import { Module } from '@nestjs/common';
import { EventStoreModule } from '@steward/event-store';
import { ServiceKitModule, serviceDatabaseModule } from '@steward/service-kit';
import { RemoveMemberHandler } from './members/commands/remove-member/remove-member.handler';
import { DirectoryUsersProjection } from './members/directory-users.read-model';
import { memberRpcRoutes } from './members/members.rpc';
import { ListMembersHandler } from './members/queries/list-members/list-members.handler';
import { WorkspaceExistsHandler } from './members/queries/workspace-exists/workspace-exists.handler';
import { AddMemberWhenInvitationIsAccepted } from './members/reactions/add-member-when-invitation-is-accepted';
import { AddMembersWhenUserIsCreated } from './members/reactions/add-members-when-user-is-created';
import { MembershipReactionsSubscriber } from './members/reactions/membership-reactions.subscriber';
import { RemoveMembershipsWhenUserIsDeleted } from './members/reactions/remove-memberships-when-user-is-deleted';
import { RemoveMembershipsWhenWorkspaceIsDeleted } from './members/reactions/remove-memberships-when-workspace-is-deleted';
import { MemberDirectory1764140000450 } from './migrations/1764140000450-member-directory';
import { TemplateContentJson1764140000460 } from './migrations/1764140000460-template-content-json';
import { Organizations1764140000400 } from './migrations/1764140000400-organizations';
import { WorkspacesMembersTemplates1764140000410 } from './migrations/1764140000410-workspaces-members-templates';
import { CreateOrganizationHandler } from './organizations/commands/create-organization/create-organization.handler';
import { organizationRpcRoutes } from './organizations/organizations.rpc';
import { CreateTemplateHandler } from './templates/commands/create-template/create-template.handler';
import { DeleteTemplateHandler } from './templates/commands/delete-template/delete-template.handler';
import { UpdateTemplateHandler } from './templates/commands/update-template/update-template.handler';
import { GetTemplateHistoryHandler } from './templates/queries/get-template-history/get-template-history.handler';
import { GetTemplateHandler } from './templates/queries/get-template/get-template.handler';
import { ListTemplatesHandler } from './templates/queries/list-templates/list-templates.handler';
import { DeleteTemplatesWhenWorkspaceIsDeleted } from './templates/reactions/delete-templates-when-workspace-is-deleted';
import { TemplateReactionsSubscriber } from './templates/reactions/template-reactions.subscriber';
import { templateRpcRoutes } from './templates/templates.rpc';
import { CreateWorkspaceHandler } from './workspaces/commands/create-workspace/create-workspace.handler';
import { DeleteWorkspaceHandler } from './workspaces/commands/delete-workspace/delete-workspace.handler';
import { UpdateWorkspaceHandler } from './workspaces/commands/update-workspace/update-workspace.handler';
import { GetWorkspaceTreeHandler } from './workspaces/queries/get-workspace-tree/get-workspace-tree.handler';
import { GetWorkspaceHandler } from './workspaces/queries/get-workspace/get-workspace.handler';
import { ListWorkspacesHandler } from './workspaces/queries/list-workspaces/list-workspaces.handler';
import { WORKSPACE_INLINE_PROJECTIONS } from './read-models';
import { workspaceRpcRoutes } from './workspaces/workspaces.rpc';

@Module({
  imports: [
    ServiceKitModule.forService({ context: 'workspace', routes: [...organizationRpcRoutes, ...memberRpcRoutes, ...workspaceRpcRoutes, ...templateRpcRoutes] }),
    serviceDatabaseModule('workspace', [Organizations1764140000400, WorkspacesMembersTemplates1764140000410, MemberDirectory1764140000450, TemplateContentJson1764140000460]),
    EventStoreModule.forService({ context: 'workspace', inlineProjections: WORKSPACE_INLINE_PROJECTIONS }),
  ],
  providers: [
    CreateOrganizationHandler,
    CreateWorkspaceHandler,
    UpdateWorkspaceHandler,
    DeleteWorkspaceHandler,
    GetWorkspaceHandler,
    ListWorkspacesHandler,
    GetWorkspaceTreeHandler,
    WorkspaceExistsHandler,
    ListMembersHandler,
    RemoveMemberHandler,
    DirectoryUsersProjection,
    AddMemberWhenInvitationIsAccepted,
    AddMembersWhenUserIsCreated,
    RemoveMembershipsWhenUserIsDeleted,
    RemoveMembershipsWhenWorkspaceIsDeleted,
    MembershipReactionsSubscriber,
    CreateTemplateHandler,
    UpdateTemplateHandler,
    DeleteTemplateHandler,
    GetTemplateHandler,
    ListTemplatesHandler,
    GetTemplateHistoryHandler,
    DeleteTemplatesWhenWorkspaceIsDeleted,
    TemplateReactionsSubscriber,
  ],
})
export class WorkspaceModule {}
