import { Type } from '@sinclair/typebox';
import { Nullable } from '../core/schema-fragments';
import { createdChanges, defineEvent, deletedChanges, type EventOf } from '../core/events';


/** An API key set was created. Only the SHA-256 of its secret is recorded, never the secret. */
export const ApiKeyCreated = defineEvent({
  type: 'api_key.created',
  context: 'key-vault',
  dataversion: 1,
  description: 'An API key set was created.',
  schema: Type.Object(
    {
      key_id: Type.String(),
      name: Type.String(),
      prefix: Type.String(),
      secret_hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      scopes: Type.Array(Type.String()),
      workspace_id: Nullable(Type.String()),
      destination_id: Nullable(Type.String()),
      expires_at: Nullable(Type.String()),
      rate_limit_per_minute: Nullable(Type.Integer()),
      created_by: Type.String(),
      /** `response`: the secret was in the creation response; `retrieval`: kept encrypted for one GET. */
      deliver: Type.Optional(Type.Union([Type.Literal('response'), Type.Literal('retrieval')])),
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'api_key.create',
    target: (d) => ({ type: 'api_key', id: d.key_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['name', 'prefix', 'scopes', 'workspace_id', 'destination_id', 'expires_at']),
  },
  fieldVisibility: { secret_hash: 'internal' },
});

export const ApiKeyRevoked = defineEvent({
  type: 'api_key.revoked',
  context: 'key-vault',
  dataversion: 1,
  description: 'An API key set was revoked: every gateway refuses it from the moment this event arrives.',
  schema: Type.Object({ key_id: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'api_key.revoke',
    target: (d) => ({ type: 'api_key', id: d.key_id }),
    changes: () => ({ status: { from: 'active', to: 'revoked' } }),
  },
});

export const ApiKeyExpired = defineEvent({
  type: 'api_key.expired',
  context: 'key-vault',
  dataversion: 1,
  description: "An API key set reached its expires_at (recorded by key-vault's expiry sweep); it is refused from then on.",
  schema: Type.Object({ key_id: Type.String(), expires_at: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'api_key.expire',
    target: (d) => ({ type: 'api_key', id: d.key_id }),
    changes: () => ({ status: { from: 'active', to: 'expired' } }),
  },
});

/** A new secret replaced the old one; the old one keeps working until `previous_valid_until`. */
export const ApiKeyRotated = defineEvent({
  type: 'api_key.rotated',
  context: 'key-vault',
  dataversion: 1,
  description: 'The key set got a new secret; the previous secret works until previous_valid_until (null: not at all).',
  schema: Type.Object(
    {
      key_id: Type.String(),
      prefix: Type.String(),
      secret_hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      previous_secret_hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      previous_valid_until: Nullable(Type.String()),
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'api_key.rotate',
    target: (d) => ({ type: 'api_key', id: d.key_id }),
    changes: (d) => ({ prefix: { from: null, to: d.prefix }, previous_valid_until: { from: null, to: d.previous_valid_until } }),
  },
  fieldVisibility: { secret_hash: 'internal', previous_secret_hash: 'internal' },
});

export const ApiKeySecretRetrieved = defineEvent({
  type: 'api_key.secret_retrieved',
  context: 'key-vault',
  dataversion: 1,
  description: 'The one-time retrieval of a provisioned key secret happened; only its hash remains.',
  schema: Type.Object({ key_id: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'api_key.retrieve_secret',
    target: (d) => ({ type: 'api_key', id: d.key_id }),
    changes: () => ({ secret: { from: 'retrievable', to: 'retrieved' } }),
  },
});

export const DestinationCreated = defineEvent({
  type: 'destination.created',
  context: 'key-vault',
  dataversion: 1,
  description: 'A destination (a receiver of data sent with Steward keys) was registered, owned by a workspace.',
  schema: Type.Object({ destination_id: Type.String(), name: Type.String(), workspace_id: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'destination.create',
    target: (d) => ({ type: 'destination', id: d.destination_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['name', 'workspace_id']),
  },
});

export const DestinationDeleted = defineEvent({
  type: 'destination.deleted',
  context: 'key-vault',
  dataversion: 1,
  description: 'A destination was deleted.',
  schema: Type.Object({ destination_id: Type.String(), name: Type.String(), workspace_id: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'destination.delete',
    target: (d) => ({ type: 'destination', id: d.destination_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => deletedChanges(d, ['name', 'workspace_id']),
  },
});

export const KEY_VAULT_EVENTS = [
  ApiKeyCreated,
  ApiKeyRevoked,
  ApiKeyExpired,
  ApiKeyRotated,
  ApiKeySecretRetrieved,
  DestinationCreated,
  DestinationDeleted,
] as const;
export type ApiKeyEvent =
  | EventOf<typeof ApiKeyCreated>
  | EventOf<typeof ApiKeyRevoked>
  | EventOf<typeof ApiKeyExpired>
  | EventOf<typeof ApiKeyRotated>
  | EventOf<typeof ApiKeySecretRetrieved>;
export type DestinationEvent = EventOf<typeof DestinationCreated> | EventOf<typeof DestinationDeleted>;
