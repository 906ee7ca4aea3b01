import { IdentityRpc, UsersRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateUserCommand } from './commands/create-user/create-user.command';
import { DeleteUserCommand } from './commands/delete-user/delete-user.command';
import { RecordSignInCommand } from './commands/record-sign-in/record-sign-in.command';
import { UpdateUserCommand } from './commands/update-user/update-user.command';
import { GetUserQuery } from './queries/get-user/get-user.query';
import { GetUserAsOfQuery } from './queries/get-user-as-of/get-user-as-of.query';
import { GetUserHistoryQuery } from './queries/get-user-history/get-user-history.query';
import { ListSignInsQuery } from './queries/list-sign-ins/list-sign-ins.query';
import { ListUsersQuery } from './queries/list-users/list-users.query';

export const userRpcRoutes = [
  commandRoute(IdentityRpc.CreateUser, (payload, context) => new CreateUserCommand(payload, context)),
  queryRoute(IdentityRpc.GetUser, (payload, context) => new GetUserQuery(context.org_id, payload.id)),
  queryRoute(IdentityRpc.ListUsers, (payload, context) => new ListUsersQuery(context.org_id, payload)),
  commandRoute(UsersRpc.UpdateUser, (payload, context) => new UpdateUserCommand(payload, context)),
  commandRoute(UsersRpc.DeleteUser, (payload, context) => new DeleteUserCommand(payload, context)),
  queryRoute(UsersRpc.GetUserAsOf, (payload, context) => new GetUserAsOfQuery(context.org_id, payload.id, payload.as_of)),
  queryRoute(UsersRpc.GetUserHistory, (payload, context) => new GetUserHistoryQuery(context.org_id, payload.id, payload)),
  commandRoute(UsersRpc.RecordSignIn, (payload, context) => new RecordSignInCommand(payload, context)),
  queryRoute(UsersRpc.ListSignIns, (payload, context) => new ListSignInsQuery(context.org_id, payload.id, payload)),
];
