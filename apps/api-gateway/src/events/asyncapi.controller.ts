import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { asyncApiDocument } from '@steward/contracts';
import { Public } from '../auth/scopes.decorator';

/**
 * `GET /asyncapi.json`: the AsyncAPI 3.0 document of the events topics and every event type,
 * generated from the event registry (with this deployment's topic namespace). A public document,
 * like the OpenAPI one: no API key.
 */
@ApiTags('Service')
@Controller()
@Public()
export class AsyncApiController {
  private document?: Record<string, unknown>;

  @Get('asyncapi.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The AsyncAPI 3.0 document of the events', description: 'Every Kafka events topic and event type, with its public `data` schema, generated from the event registry.' })
  @ApiOkResponse({
    description: 'The AsyncAPI 3.0 document.',
    schema: {
      type: 'object',
      required: ['asyncapi', 'info', 'channels'],
      properties: { asyncapi: { type: 'string', example: '3.0.0' }, info: { type: 'object' }, channels: { type: 'object' } },
      additionalProperties: true,
    },
  })
  get(): Record<string, unknown> {
    this.document ??= asyncApiDocument();
    return this.document;
  }
}
