import { Controller, Get, Header } from '@nestjs/common';
import { asyncApiDocument } from '@steward/contracts';
import { Public } from '../auth/scopes.decorator';

/**
 * `GET /asyncapi.json`: the AsyncAPI 3.0 document of the events topics and every event type,
 * generated from the event registry (with this deployment's topic namespace). A public document,
 * like the OpenAPI one: no API key.
 */
@Controller()
@Public()
export class AsyncApiController {
  private document?: Record<string, unknown>;

  @Get('asyncapi.json')
  @Header('cache-control', 'public, max-age=300')
  get(): Record<string, unknown> {
    this.document ??= asyncApiDocument();
    return this.document;
  }
}
