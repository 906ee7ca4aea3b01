import type { Type } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import type { Actor, IdPrefix, Page, StreamEventResource } from '@steward/contracts';

// Response classes shared by several resources. Each resource's own response class lives in its
// feature folder (`<feature>.responses.ts`) and `implements` its contract interface, so the
// compiler keeps the documented fields and the returned ones together; the OpenAPI conformance
// e2e validates live responses against the document for the rest (nullability, formats, enums).

/** An id example of a prefix (a TypeID: the prefix, `_`, 26 base32 characters). */
export const exampleId = (prefix: IdPrefix): string => `${prefix}_01jdq3c2m5f8ve4r0s6t7w9x1y`;

/** A path parameter naming a resource by its id. */
export const IdParam = (prefix: IdPrefix, what: string, name = 'id') => ApiParam({ name, description: `The ${what}'s id.`, example: exampleId(prefix) });

/** An id Steward issued with this prefix. */
export const IdProperty = (prefix: IdPrefix, description?: string, options: { nullable?: boolean } = {}) =>
  ApiProperty({ type: String, pattern: `^${prefix}_[0-9a-z]{26}$`, example: exampleId(prefix), description, nullable: options.nullable });

/** An ISO 8601 UTC time with milliseconds. */
export const TimeProperty = (description?: string, options: { nullable?: boolean } = {}) =>
  ApiProperty({ type: String, format: 'date-time', example: '2026-11-22T14:00:00.000Z', description, nullable: options.nullable });

/** A resource's stream version: its `ETag` is this number in quotes. */
export const VersionProperty = (options: { required?: boolean; description?: string } = {}) =>
  ApiProperty({
    type: 'integer',
    minimum: 1,
    required: options.required,
    description: options.description ?? 'The stream version: the `ETag` of this resource is this number in quotes, for `If-Match`.',
    example: 3,
  });

export class PageMetaResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page.',
    example: 'eyJrIjoidXNyXzAxamRxM2MybTVmOHZlNHIwczZ0N3c5eDF5In0',
  })
  next_cursor!: string | null;

  @ApiProperty({ description: 'Whether another page follows.', example: true })
  has_more!: boolean;
}

const pages = new Map<Type<unknown>, Type<Page<unknown>>>();

/**
 * The response class of a paginated list of `item` (API.md "Pagination"), named `<Item>Page` in
 * the OpenAPI document; made once per item class.
 */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  const existing = pages.get(item);
  if (existing) return existing as Type<Page<T>>;
  class PageResponse implements Page<T> {
    @ApiProperty({ type: [item], description: 'This page of items.' })
    data!: T[];

    @ApiProperty({ type: PageMetaResponse })
    meta!: PageMetaResponse;
  }
  Object.defineProperty(PageResponse, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
  pages.set(item, PageResponse);
  return PageResponse;
}

export class ActorResponse implements Actor {
  @ApiProperty({ enum: ['api_key', 'user', 'system'], description: 'Who caused the change.', example: 'api_key' })
  type!: Actor['type'];

  @ApiProperty({ description: 'Their id (`key_…`, `usr_…`, or a system name).', example: 'key_01jdq3c2m5f8ve4r0s6t7w9x1y' })
  id!: string;
}

/** One event of a resource's history (`GET /v1/<resource>/{id}/history`), oldest first. */
export class StreamEventResponse implements StreamEventResource {
  @IdProperty('evt', 'Event id.')
  id!: string;

  @ApiProperty({ description: 'Event type (their `data` schemas are in `/asyncapi.json`).', example: 'user.updated' })
  type!: string;

  @VersionProperty({ description: 'The resource version this event made.' })
  version!: number;

  @TimeProperty()
  occurred_at!: string;

  @ApiProperty({ type: ActorResponse })
  actor!: ActorResponse;

  @ApiProperty({ type: String, nullable: true, description: 'The API request that caused it.', example: exampleId('req') })
  request_id!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data.", example: { name: 'Jane Cooper' } })
  data!: Record<string, unknown>;
}
