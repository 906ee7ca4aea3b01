import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { CloudEvent } from '../core/cloud-event';
import type { Page } from '../core/pagination';

/**
 * The public event feed (`GET /v1/events`), kept by the audit service: the organization's
 * events without their internal fields (`publicEvent`), oldest first in the order the feed
 * received them. `after` is an event id of the organization's feed; `types` the event types a
 * `type` filter selected (`eventTypesMatching`). `meta.next_cursor` is the last event id of the
 * page, to pass as `after`.
 */
export const EventFeedRpc = {
  ListEvents: defineRpc<Page<CloudEvent>>()(
    'audit',
    'events.list',
    Type.Object(
      {
        limit: Type.Integer({ minimum: 1, maximum: 100 }),
        after: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        types: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 200 })),
      },
      { additionalProperties: false },
    ),
  ),
} as const;
