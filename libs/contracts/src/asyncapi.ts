/**
 * The AsyncAPI 3.0 document of Steward's events (served at `/asyncapi.json`), generated from the
 * event registry so that it cannot drift from the code: one channel per event-sourced context
 * (its events topic), one message per event type — the CloudEvents envelope with the type's
 * public `data` schema (internal fields left out, as in the event feed).
 */
import { CloudEventSchema } from './core/cloud-event';
import type { EventDefinition } from './core/events';
import { EVENT_SOURCED_CONTEXTS, eventsTopic, namespace } from './core/topics';
import { EVENT_DEFINITIONS } from './events';
import { internalFields, publicDataSchema } from './public-events';

type Json = Record<string, unknown>;

const ENVELOPE_SCHEMA = 'CloudEvent';
const KAFKA_BINDING_VERSION = '0.5.0';

/** Channel id of a context's events topic (the address carries the deployment's namespace). */
export function eventsChannelId(context: string): string {
  return `${context}.events`;
}

/** Component schema id of a type's `data`. */
function dataSchemaId(type: string): string {
  return `${type}.data`;
}

function plain(schema: unknown): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}

function message(definition: EventDefinition): Json {
  const hidden = internalFields(definition).length > 0;
  return {
    name: definition.type,
    title: definition.type,
    summary: definition.description,
    ...(hidden
      ? {
          description:
            'On Kafka this event also carries internal fields (secret material for Steward\'s own services) that are not part of the public contract; GET /v1/events never shows them.',
        }
      : {}),
    contentType: 'application/cloudevents+json',
    headers: {
      type: 'object',
      properties: {
        ce_type: { type: 'string', const: definition.type },
        ce_id: { type: 'string', description: 'The event id (the envelope\'s `id`).' },
        'content-type': { type: 'string', const: 'application/cloudevents+json' },
        traceparent: { type: 'string', description: 'W3C Trace Context of the work that appended the event (the envelope\'s `traceparent`).' },
      },
    },
    payload: {
      allOf: [
        { $ref: `#/components/schemas/${ENVELOPE_SCHEMA}` },
        {
          type: 'object',
          required: ['type', 'source', 'dataversion', 'data'],
          properties: {
            type: { type: 'string', const: definition.type },
            source: { type: 'string', const: `steward/${definition.context}` },
            dataversion: { type: 'integer', const: definition.dataversion },
            data: { $ref: `#/components/schemas/${dataSchemaId(definition.type)}` },
          },
        },
      ],
    },
    bindings: {
      kafka: {
        key: { type: 'string', description: 'The aggregate id (the envelope\'s `subject`): events of one resource stay in order on one partition.' },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/**
 * The document. `prefix` is the topic namespace (`STEWARD_NAMESPACE`, default `steward`), so the
 * channel addresses are those of the deployment that serves it.
 */
export function asyncApiDocument(prefix: string = namespace()): Json {
  const definitions = [...EVENT_DEFINITIONS.values()];
  const channels: Json = {};
  const operations: Json = {};
  for (const context of EVENT_SOURCED_CONTEXTS) {
    const channelId = eventsChannelId(context);
    const types = definitions.filter((d) => d.context === context).map((d) => d.type);
    channels[channelId] = {
      address: eventsTopic(context, prefix),
      title: `${context} events`,
      description: `Every event the ${context} service appends, published from its outbox in commit order per aggregate (Kafka key = aggregate id). CloudEvents 1.0, JSON structured mode.`,
      messages: Object.fromEntries(types.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
    };
    operations[`publish-${context}-events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      title: `The ${context} service publishes its events`,
      messages: types.map((type) => ({ $ref: `#/channels/${channelId}/messages/${type}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Steward events',
      version: '1',
      description: [
        'Every state change in Steward is an event on Kafka: a CloudEvents 1.0 message in JSON structured mode on the topic `<namespace>.<context>.events`, keyed by the aggregate id.',
        'Subscribe to the topics, or read the same events over HTTP from the public event feed `GET /v1/events` (scope `events:read`, oldest first, `after=<event id>`).',
        'Secret material never appears in an event; fields that only Steward\'s own services use are not part of this contract and never appear in the feed.',
      ].join(' '),
    },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: {
      schemas: {
        [ENVELOPE_SCHEMA]: { ...plain(CloudEventSchema), description: 'The CloudEvents 1.0 envelope with Steward\'s extension attributes.' },
        ...Object.fromEntries(definitions.map((d) => [dataSchemaId(d.type), { ...publicDataSchema(d), description: `data of ${d.type} (data version ${d.dataversion})` }])),
      },
      messages: Object.fromEntries(definitions.map((d) => [d.type, message(d)])),
    },
  };
}
