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
  id: Type.String(),
  type: Type.String(),
  source: Type.String(),
  subject: Type.String(),
  time: Type.String(),
  datacontenttype: Type.Literal('application/json'),
  orgid: Type.String(),
  actor: ActorSchema,
  requestid: Type.Optional(Type.String()),
  correlationid: Type.Optional(Type.String()),
  causationid: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
  useragent: Type.Optional(Type.String()),
  streamversion: Type.Integer({ minimum: 1 }),
  dataversion: Type.Integer({ minimum: 1 }),
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
  /** Scopes of the calling key, for authorization decisions inside a service. */
  scopes?: string[];
}
