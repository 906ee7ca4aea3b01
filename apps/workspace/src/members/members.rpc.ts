import { WorkspaceMembersRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { RemoveMemberCommand } from './commands/remove-member/remove-member.command';
import { ListMembersQuery } from './queries/list-members/list-members.query';
import { WorkspaceExistsQuery } from './queries/workspace-exists/workspace-exists.query';

export const memberRpcRoutes = [
  queryRoute(WorkspaceMembersRpc.WorkspaceExists, (payload, context) => new WorkspaceExistsQuery(context.org_id, payload.id)),
  queryRoute(WorkspaceMembersRpc.ListMembers, (payload, context) => new ListMembersQuery(context.org_id, payload)),
  commandRoute(WorkspaceMembersRpc.RemoveMember, (payload, context) => new RemoveMemberCommand(payload, context)),
];
