import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DestinationsRpc, type ApiKeyResource, type DestinationResource, type Page } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { CreateDestinationDto, ListDestinationsQueryDto } from './destinations.dto';

/** Destinations owned by workspaces, and the keys routed to them (API.md "Destinations"). */
@Controller('v1/destinations')
export class DestinationsController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('destinations:write')
  async create(
    @Body() body: CreateDestinationDto,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DestinationResource> {
    const destination = await this.rpc.call(DestinationsRpc.CreateDestination, { name: body.name, workspace_id: body.workspace_id }, requestContext(request));
    setEtag(reply, destination);
    void reply.header('location', `/v1/destinations/${destination.id}`);
    return destination;
  }

  @Get()
  @RequiresScope('destinations:read')
  list(@Query() query: ListDestinationsQueryDto, @Req() request: StewardRequest): Promise<Page<DestinationResource>> {
    return this.rpc.call(
      DestinationsRpc.ListDestinations,
      { limit: query.limit, cursor: query.cursor, workspace_id: query.workspace_id },
      requestContext(request),
    );
  }

  @Get(':id')
  @RequiresScope('destinations:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DestinationResource> {
    const destination = await this.rpc.call(DestinationsRpc.GetDestination, { id }, requestContext(request));
    setEtag(reply, destination);
    return destination;
  }

  /** Refused (409) while active keys are routed to the destination: revoke them first. */
  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('destinations:write')
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(DestinationsRpc.DeleteDestination, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }

  /**
   * Public metadata of every key routed to the destination (any status), newest first; never a
   * secret or a hash. `destinations:read` is enough: the metadata is public (docs/decisions.md).
   */
  @Get(':id/api-keys')
  @RequiresScope('destinations:read')
  apiKeys(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<ApiKeyResource>> {
    return this.rpc.call(DestinationsRpc.ListDestinationApiKeys, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }
}
