import { Type } from '@sinclair/typebox';
import { createdChanges, defineEvent, type EventOf } from '../core/events';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

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
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'api_key.create',
    target: (d) => ({ type: 'api_key', id: d.key_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['name', 'prefix', 'scopes', 'workspace_id', 'destination_id', 'expires_at']),
  },
});

export const KEY_VAULT_EVENTS = [ApiKeyCreated] as const;
export type ApiKeyEvent = EventOf<typeof ApiKeyCreated>;
