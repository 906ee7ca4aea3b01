import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { CloudEventSchema, type CloudEvent, type Page } from '@steward/contracts';
import { PageMetaResponse } from '../http/responses';

/**
 * The feed's items are the CloudEvents of the event registry: their schema is the contract's own
 * TypeBox schema (JSON Schema), put in the document as `CloudEvent` by the document builder.
 */
export const CLOUD_EVENT_SCHEMA = { name: 'CloudEvent', schema: CloudEventSchema } as const;

export class EventPageResponse implements Page<CloudEvent> {
  @ApiProperty({
    type: 'array',
    items: { $ref: getSchemaPath(CLOUD_EVENT_SCHEMA.name) },
    description: 'Events, oldest first. Their `data` schemas per type are in `/asyncapi.json`.',
  })
  data!: CloudEvent[];

  @ApiProperty({ type: PageMetaResponse, description: '`next_cursor` is the last event id of the page: pass it as `after` to continue.' })
  meta!: PageMetaResponse;
}
