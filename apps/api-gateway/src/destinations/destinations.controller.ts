import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DestinationsRpc, type ApiKeyResource, type DestinationResource, type Page } from '@steward/contracts';
import { ApiKeyResponse } from '../api-keys/api-keys.responses';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import { CreateDestinationDto, ListDestinationsQueryDto } from './destinations.dto';
import { DestinationResponse } from './destinations.responses';

/** Destinations owned by workspaces, and the keys routed to them (API.md "Destinations"). */
@ApiTags('Destinations')
@Controller('v1/destinations')
export class DestinationsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('destinations:write')
  @ApiOperation({ summary: 'Create a destination' })
  @ApiCreatedResponse({ type: DestinationResponse, description: 'The new destination (`Location` names it).' })
  @ApiErrors({ invalid_request: 'an empty or too long name, or `workspace_id` is not a workspace of the organization' })
  async create(@Body() body: CreateDestinationDto, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DestinationResource> {
    const destination = await this.rpc.call(DestinationsRpc.CreateDestination, { name: body.name, workspace_id: body.workspace_id }, requestContext(request));
    void reply.header('location', `/v1/destinations/${destination.id}`);
    return destination;
  }

  @Get()
  @RequiresScope('destinations:read')
  @ApiOperation({ summary: 'List destinations', description: 'Newest first.' })
  @ApiOkResponse({ type: PageOf(DestinationResponse) })
  list(@Query() query: ListDestinationsQueryDto, @Req() request: StewardRequest): Promise<Page<DestinationResource>> {
    return this.rpc.call(
      DestinationsRpc.ListDestinations,
      { limit: query.limit, cursor: query.cursor, workspace_id: query.workspace_id },
      requestContext(request),
    );
  }

  @Get(':id')
  @RequiresScope('destinations:read')
  @IdParam('dst', 'destination')
  @ApiOperation({ summary: 'Get a destination' })
  @ApiOkResponse({ type: DestinationResponse })
  get(@Param('id') id: string, @Req() request: StewardRequest): Promise<DestinationResource> {
    return this.rpc.call(DestinationsRpc.GetDestination, { id }, requestContext(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('destinations:write')
  @IdParam('dst', 'destination')
  @ApiOperation({ summary: 'Delete a destination' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors({ conflict: 'active API keys are routed to the destination (revoke them first)' })
  async remove(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(DestinationsRpc.DeleteDestination, { id, expected_version: expected }, requestContext(request));
  }

  /** `destinations:read` is enough: the metadata is public (docs/decisions.md). */
  @Get(':id/api-keys')
  @RequiresScope('destinations:read')
  @IdParam('dst', 'destination')
  @ApiOperation({ summary: 'Keys routed to a destination', description: 'The public metadata of every key routed to the destination (any status), newest first; never a secret or a hash.' })
  @ApiOkResponse({ type: PageOf(ApiKeyResponse) })
  apiKeys(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<ApiKeyResource>> {
    return this.rpc.call(DestinationsRpc.ListDestinationApiKeys, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }
}
