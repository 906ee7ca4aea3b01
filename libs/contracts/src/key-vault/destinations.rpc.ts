import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';
import type { ApiKeyResource } from './rpc';

/**
 * Destination as API.md shows it: a receiver of data sent with Steward keys, owned by a
 * workspace. `version` is the stream version (the ETag).
 */
export interface DestinationResource {
  id: string;
  name: string;
  workspace_id: string;
  created_at: string;
  version: number;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const DestinationsRpc = {
  CreateDestination: defineRpc<DestinationResource>()(
    'key-vault',
    'destinations.create',
    Type.Object({ name: Type.String({ maxLength: 1000 }), workspace_id: Id }, { additionalProperties: false }),
  ),
  GetDestination: defineRpc<DestinationResource>()('key-vault', 'destinations.get', Type.Object({ id: Id }, { additionalProperties: false })),
  /** Newest first; `workspace_id` lists one workspace's destinations. */
  ListDestinations: defineRpc<Page<DestinationResource>>()(
    'key-vault',
    'destinations.list',
    Type.Object({ limit: Limit, cursor: Type.Optional(Type.String()), workspace_id: Type.Optional(Id) }, { additionalProperties: false }),
  ),
  /** Refused (409) while active keys are routed to the destination. */
  DeleteDestination: defineRpc<null>()(
    'key-vault',
    'destinations.delete',
    Type.Object({ id: Id, expected_version: ExpectedVersion }, { additionalProperties: false }),
  ),
  /** Public metadata of every key routed to the destination (any status), newest first; never a secret or hash. */
  ListDestinationApiKeys: defineRpc<Page<ApiKeyResource>>()(
    'key-vault',
    'destinations.api_keys',
    Type.Object({ id: Id, limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
} as const;
