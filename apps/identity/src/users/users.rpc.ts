import { IdentityRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateUserCommand } from './commands/create-user/create-user.command';
import { GetUserQuery } from './queries/get-user/get-user.query';
import { ListUsersQuery } from './queries/list-users/list-users.query';

export const userRpcRoutes = [
  commandRoute(IdentityRpc.CreateUser, (payload, context) => new CreateUserCommand(payload, context)),
  queryRoute(IdentityRpc.GetUser, (payload, context) => new GetUserQuery(context.org_id, payload.id)),
  queryRoute(IdentityRpc.ListUsers, (payload, context) => new ListUsersQuery(context.org_id, payload)),
];
