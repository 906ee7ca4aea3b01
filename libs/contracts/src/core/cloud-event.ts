import { Type, type Static } from '@sinclair/typebox';

/** Who caused a change: an API key, a user acting through the host app, or the system. */
export const ActorSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('api_key'), Type.Literal('user'), Type.Literal('system')]),
    id: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type Actor = Static<typeof ActorSchema>;

/**
 * CloudEvents 1.0, JSON structured mode, plus Steward's extension attributes. This exact
 * object is the Kafka message value, the outbox row, and an item of `GET /v1/events`.
 */
export const CloudEventSchema = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String({ description: 'Event id (`evt_…`), unique across Steward.' }),
  type: Type.String({ description: '`<resource>.<past-tense verb>`: says what `data` holds.' }),
  source: Type.String({ description: '`steward/<context>`: the service that appended the event.' }),
  subject: Type.String({ description: 'The id of the stream (aggregate) the event belongs to; also the Kafka message key.' }),
  time: Type.String({ description: 'When the change happened (ISO 8601 UTC, milliseconds).' }),
  datacontenttype: Type.Literal('application/json'),
  orgid: Type.String({ description: 'Extension: the organization (tenant) the event belongs to.' }),
  actor: ActorSchema,
  requestid: Type.Optional(Type.String({ description: 'Extension: the API request that caused the change.' })),
  correlationid: Type.Optional(Type.String({ description: 'Extension: groups the events of one request and its reactions.' })),
  causationid: Type.Optional(Type.String({ description: 'Extension: the event this one reacts to, if any.' })),
  ip: Type.Optional(Type.String({ description: "Extension: the client's IP address of the causing request." })),
  useragent: Type.Optional(Type.String({ description: "Extension: the client's User-Agent of the causing request." })),
  streamversion: Type.Integer({ minimum: 1, description: "Extension: the event's position in its stream (the resource's version after it)." }),
  dataversion: Type.Integer({ minimum: 1, description: 'Extension: the version of the `data` schema of this type.' }),
  traceparent: Type.Optional(
    Type.String({
      description:
        'Extension (CloudEvents Distributed Tracing): the W3C `traceparent` of the request or reaction that appended the event; a consumer continues its trace.',
    }),
  ),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type CloudEvent<D = Record<string, unknown>> = Omit<Static<typeof CloudEventSchema>, 'data'> & { data: D };

/** Request-scoped facts that travel from the gateway into every event's metadata. */
export interface RequestContext {
  org_id: string;
  actor: Actor;
  request_id: string;
  correlation_id?: string;
  causation_id?: string;
  ip?: string;
  user_agent?: string;
  /**
   * W3C `traceparent` of the work this context belongs to: the gateway's span of the HTTP
   * request, or a reaction's span under the event it reacts to. Stored in event metadata.
   */
  traceparent?: string;
  /** Scopes of the calling key, for authorization decisions inside a service. */
  scopes?: string[];
}
