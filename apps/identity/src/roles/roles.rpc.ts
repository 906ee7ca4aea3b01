import { RolesRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateRoleCommand } from './commands/create-role/create-role.command';
import { DeleteRoleCommand } from './commands/delete-role/delete-role.command';
import { UpdateRoleCommand } from './commands/update-role/update-role.command';
import { GetRoleQuery } from './queries/get-role/get-role.query';
import { ListRolesQuery } from './queries/list-roles/list-roles.query';

export const roleRpcRoutes = [
  commandRoute(RolesRpc.CreateRole, (payload, context) => new CreateRoleCommand(payload, context)),
  commandRoute(RolesRpc.UpdateRole, (payload, context) => new UpdateRoleCommand(payload, context)),
  commandRoute(RolesRpc.DeleteRole, (payload, context) => new DeleteRoleCommand(payload, context)),
  queryRoute(RolesRpc.GetRole, (payload, context) => new GetRoleQuery(context.org_id, payload.id)),
  queryRoute(RolesRpc.ListRoles, (payload, context) => new ListRolesQuery(context.org_id, payload)),
];
