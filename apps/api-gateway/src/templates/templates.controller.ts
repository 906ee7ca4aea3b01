import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TemplatesRpc, type Page, type StreamEventResource, type TemplateResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { expectedVersion, setEtag } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import {
  CreateTemplateFieldsDto,
  ListTemplatesQueryDto,
  TemplateBodyPipe,
  UpdateTemplateFieldsDto,
  type CreateTemplateBody,
  type UpdateTemplateBody,
} from './templates.dto';

@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('templates:read')
  list(@Query() query: ListTemplatesQueryDto, @Req() request: StewardRequest): Promise<Page<TemplateResource>> {
    return this.rpc.call(
      TemplatesRpc.ListTemplates,
      { limit: query.limit, cursor: query.cursor, workspace_id: query.workspace_id },
      requestContext(request),
    );
  }

  @Post()
  @HttpCode(201)
  @RequiresScope('templates:write')
  async create(
    @Body(new TemplateBodyPipe(CreateTemplateFieldsDto, true)) body: CreateTemplateBody,
    @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TemplateResource> {
    const template = await this.rpc.call(
      TemplatesRpc.CreateTemplate,
      { workspace_id: body.workspace_id, name: body.name, description: body.description, content: body.content },
      requestContext(request),
    );
    setEtag(reply, template);
    void reply.header('location', `/v1/templates/${template.id}`);
    return template;
  }

  @Get(':id')
  @RequiresScope('templates:read')
  async get(@Param('id') id: string, @Req() request: StewardRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TemplateResource> {
    const template = await this.rpc.call(TemplatesRpc.GetTemplate, { id }, requestContext(request));
    setEtag(reply, template);
    return template;
  }

  @Patch(':id')
  @RequiresScope('templates:write')
  async update(
    @Param('id') id: string,
    @Body(new TemplateBodyPipe(UpdateTemplateFieldsDto, false)) body: UpdateTemplateBody,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TemplateResource> {
    const template = await this.rpc.call(
      TemplatesRpc.UpdateTemplate,
      {
        id,
        expected_version: expectedVersion(request),
        name: body.name,
        description: body.description === null ? '' : body.description,
        content: body.content,
        workspace_id: body.workspace_id,
      },
      requestContext(request),
    );
    setEtag(reply, template);
    return template;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('templates:write')
  async remove(@Param('id') id: string, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(TemplatesRpc.DeleteTemplate, { id, expected_version: expectedVersion(request) }, requestContext(request));
  }

  @Get(':id/history')
  @RequiresScope('templates:read')
  history(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<StreamEventResource>> {
    return this.rpc.call(TemplatesRpc.GetTemplateHistory, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }
}
