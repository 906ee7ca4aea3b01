import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, EventFeedRpc, eventTypesMatching, isId, type CloudEvent, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { requestContext, type StewardRequest } from '../http/request-context';
import { ListEventsQueryDto } from './events.dto';
import { EventPageResponse } from './events.responses';

/**
 * The public event feed (API.md "Events"): the organization's CloudEvents as on Kafka, without
 * internal fields, oldest first in the order the feed received them; kept by the audit service.
 */
@ApiTags('Events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('events:read')
  @ApiOperation({
    summary: 'Read the event feed',
    description: "The organization's events as on Kafka (CloudEvents, without internal fields such as key hashes), oldest first. Continue with `after=<meta.next_cursor>`.",
  })
  @ApiOkResponse({ type: EventPageResponse })
  list(@Query() query: ListEventsQueryDto, @Req() request: StewardRequest): Promise<Page<CloudEvent>> {
    if (query.after !== undefined && !isId('evt', query.after)) {
      throw new DomainError('invalid_request', 'after must be an event id (evt_…)', [{ field: 'after', issue: 'format' }]);
    }
    let types: string[] | undefined;
    if (query.type !== undefined) {
      types = eventTypesMatching(query.type);
      if (types.length === 0) {
        throw new DomainError('invalid_request', 'type must be an event type (user.created) or every type of a resource (user.*); see /asyncapi.json', [
          { field: 'type', issue: 'unknown' },
        ]);
      }
    }
    return this.rpc.call(EventFeedRpc.ListEvents, { limit: query.limit, after: query.after, types }, requestContext(request));
  }
}
