import { EventFeedRpc } from '@steward/contracts';
import { queryRoute } from '@steward/service-kit';
import { ListEventsQuery } from './queries/list-events/list-events.query';

export const eventFeedRpcRoutes = [queryRoute(EventFeedRpc.ListEvents, (payload, context) => new ListEventsQuery(context.org_id, payload))];
