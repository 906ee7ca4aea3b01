import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TemplatesRpc, type Page, type StreamEventResource, type TemplateResource } from '@steward/contracts';
import { GatewayRpcClient } from '../auth/rpc-client.provider';
import { RequiresScope } from '../auth/scopes.decorator';
import { IfMatch } from '../http/etag';
import { PaginationQueryDto } from '../http/pagination.dto';
import { requestContext, type StewardRequest } from '../http/request-context';
import { IdParam, PageOf, StreamEventResponse } from '../http/responses';
import { ApiErrors } from '../openapi/error-responses';
import {
  CreateTemplateBodySchema,
  CreateTemplateFieldsDto,
  ListTemplatesQueryDto,
  TemplateBodyPipe,
  UpdateTemplateBodySchema,
  UpdateTemplateFieldsDto,
  type CreateTemplateBody,
  type UpdateTemplateBody,
} from './templates.dto';
import { TemplateResponse } from './templates.responses';

const TEMPLATE_RULES = 'an empty or too long name, a too long description, content that is not a JSON object or is too large or deep, or `workspace_id` is not a workspace of the organization';

@ApiTags('Templates')
@Controller('v1/templates')
export class TemplatesController {
  constructor(private readonly rpc: GatewayRpcClient) {}

  @Get()
  @RequiresScope('templates:read')
  @ApiOperation({ summary: 'List templates', description: 'Newest first.' })
  @ApiOkResponse({ type: PageOf(TemplateResponse) })
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
  @ApiOperation({ summary: 'Create a template' })
  @ApiBody({ type: CreateTemplateBodySchema })
  @ApiCreatedResponse({ type: TemplateResponse, description: 'The new template, version 1 (`Location` names it).' })
  @ApiErrors({ invalid_request: TEMPLATE_RULES })
  async create(
    @Body(new TemplateBodyPipe(CreateTemplateFieldsDto, true)) body: CreateTemplateBody,
    @Req() request: StewardRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TemplateResource> {
    const template = await this.rpc.call(
      TemplatesRpc.CreateTemplate,
      { workspace_id: body.workspace_id, name: body.name, description: body.description, content: body.content },
      requestContext(request),
    );
    void reply.header('location', `/v1/templates/${template.id}`);
    return template;
  }

  @Get(':id')
  @RequiresScope('templates:read')
  @IdParam('tpl', 'template')
  @ApiOperation({ summary: 'Get a template' })
  @ApiOkResponse({ type: TemplateResponse })
  get(@Param('id') id: string, @Req() request: StewardRequest): Promise<TemplateResource> {
    return this.rpc.call(TemplatesRpc.GetTemplate, { id }, requestContext(request));
  }

  @Patch(':id')
  @RequiresScope('templates:write')
  @IdParam('tpl', 'template')
  @ApiOperation({ summary: 'Update a template', description: 'Any of `name`, `description` (null clears it), `content` (replaced whole), `workspace_id` (moves it). Each change is a new version.' })
  @ApiBody({ type: UpdateTemplateBodySchema })
  @ApiOkResponse({ type: TemplateResponse })
  @ApiErrors({ invalid_request: TEMPLATE_RULES })
  update(
    @Param('id') id: string,
    @Body(new TemplateBodyPipe(UpdateTemplateFieldsDto, false)) body: UpdateTemplateBody,
    @IfMatch() expected: number | undefined,
    @Req() request: StewardRequest,
  ): Promise<TemplateResource> {
    return this.rpc.call(
      TemplatesRpc.UpdateTemplate,
      {
        id,
        expected_version: expected,
        name: body.name,
        description: body.description === null ? '' : body.description,
        content: body.content,
        workspace_id: body.workspace_id,
      },
      requestContext(request),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('templates:write')
  @IdParam('tpl', 'template')
  @ApiOperation({ summary: 'Delete a template' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  async remove(@Param('id') id: string, @IfMatch() expected: number | undefined, @Req() request: StewardRequest): Promise<void> {
    await this.rpc.call(TemplatesRpc.DeleteTemplate, { id, expected_version: expected }, requestContext(request));
  }

  @Get(':id/history')
  @RequiresScope('templates:read')
  @IdParam('tpl', 'template')
  @ApiOperation({ summary: "A template's history", description: 'Its events (each with the content it set), oldest first.' })
  @ApiOkResponse({ type: PageOf(StreamEventResponse) })
  history(@Param('id') id: string, @Query() query: PaginationQueryDto, @Req() request: StewardRequest): Promise<Page<StreamEventResource>> {
    return this.rpc.call(TemplatesRpc.GetTemplateHistory, { id, limit: query.limit, cursor: query.cursor }, requestContext(request));
  }
}
