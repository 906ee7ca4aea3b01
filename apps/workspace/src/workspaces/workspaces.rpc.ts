import { WorkspacesRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateWorkspaceCommand } from './commands/create-workspace/create-workspace.command';
import { DeleteWorkspaceCommand } from './commands/delete-workspace/delete-workspace.command';
import { UpdateWorkspaceCommand } from './commands/update-workspace/update-workspace.command';
import { GetWorkspaceQuery } from './queries/get-workspace/get-workspace.query';
import { GetWorkspaceTreeQuery } from './queries/get-workspace-tree/get-workspace-tree.query';
import { ListWorkspacesQuery } from './queries/list-workspaces/list-workspaces.query';

export const workspaceRpcRoutes = [
  commandRoute(WorkspacesRpc.CreateWorkspace, (payload, context) => new CreateWorkspaceCommand(payload, context)),
  commandRoute(WorkspacesRpc.UpdateWorkspace, (payload, context) => new UpdateWorkspaceCommand(payload, context)),
  commandRoute(WorkspacesRpc.DeleteWorkspace, (payload, context) => new DeleteWorkspaceCommand(payload, context)),
  queryRoute(WorkspacesRpc.GetWorkspace, (payload, context) => new GetWorkspaceQuery(context.org_id, payload.id)),
  queryRoute(WorkspacesRpc.ListWorkspaces, (payload, context) => new ListWorkspacesQuery(context.org_id, payload)),
  queryRoute(WorkspacesRpc.GetWorkspaceTree, (payload, context) => new GetWorkspaceTreeQuery(context.org_id, payload.id)),
];
