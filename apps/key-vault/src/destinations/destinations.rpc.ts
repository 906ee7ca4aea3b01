import { DestinationsRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { CreateDestinationCommand } from './commands/create-destination/create-destination.command';
import { DeleteDestinationCommand } from './commands/delete-destination/delete-destination.command';
import { GetDestinationQuery } from './queries/get-destination/get-destination.query';
import { ListDestinationApiKeysQuery } from './queries/list-destination-api-keys/list-destination-api-keys.query';
import { ListDestinationsQuery } from './queries/list-destinations/list-destinations.query';

export const destinationRpcRoutes = [
  commandRoute(DestinationsRpc.CreateDestination, (payload, context) => new CreateDestinationCommand(payload, context)),
  commandRoute(DestinationsRpc.DeleteDestination, (payload, context) => new DeleteDestinationCommand(payload, context)),
  queryRoute(DestinationsRpc.GetDestination, (payload, context) => new GetDestinationQuery(context.org_id, payload.id)),
  queryRoute(DestinationsRpc.ListDestinations, (payload, context) => new ListDestinationsQuery(context.org_id, payload)),
  queryRoute(DestinationsRpc.ListDestinationApiKeys, (payload, context) => new ListDestinationApiKeysQuery(context.org_id, payload)),
];
