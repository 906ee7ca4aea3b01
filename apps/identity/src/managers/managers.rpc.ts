import { ManagersRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateManagerCommand } from './commands/create-manager/create-manager.command';
import { DeleteManagerCommand } from './commands/delete-manager/delete-manager.command';
import { UpdateManagerCommand } from './commands/update-manager/update-manager.command';
import { GetManagerQuery } from './queries/get-manager/get-manager.query';
import { ListManagersQuery } from './queries/list-managers/list-managers.query';

export const managerRpcRoutes = [
  commandRoute(ManagersRpc.CreateManager, (payload, context) => new CreateManagerCommand(payload, context)),
  commandRoute(ManagersRpc.UpdateManager, (payload, context) => new UpdateManagerCommand(payload, context)),
  commandRoute(ManagersRpc.DeleteManager, (payload, context) => new DeleteManagerCommand(payload, context)),
  queryRoute(ManagersRpc.GetManager, (payload, context) => new GetManagerQuery(context.org_id, payload.id)),
  queryRoute(ManagersRpc.ListManagers, (payload, context) => new ListManagersQuery(context.org_id, payload)),
];
