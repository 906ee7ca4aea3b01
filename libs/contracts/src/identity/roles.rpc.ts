import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';

/**
 * Role as API.md shows it. System roles (`owner admin editor viewer`, ids equal to their
 * names) are fixed: `created_at` is null and they have no `version` (they never change).
 * Custom roles (`role_…`) carry their stream `version` (their ETag).
 */
export interface RoleResource {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  system: boolean;
  created_at: string | null;
  version?: number;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));

export const RolesRpc = {
  ListRoles: defineRpc<Page<RoleResource>>()(
    'identity',
    'roles.list',
    Type.Object({ limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
  GetRole: defineRpc<RoleResource>()('identity', 'roles.get', Type.Object({ id: Type.String() }, { additionalProperties: false })),
  CreateRole: defineRpc<RoleResource>()(
    'identity',
    'roles.create',
    Type.Object(
      { name: Type.String(), description: Type.Optional(Type.String()), permissions: Type.Array(Type.String(), { maxItems: 100 }) },
      { additionalProperties: false },
    ),
  ),
  UpdateRole: defineRpc<RoleResource>()(
    'identity',
    'roles.update',
    Type.Object(
      {
        id: Type.String(),
        expected_version: ExpectedVersion,
        name: Type.Optional(Type.String()),
        description: Type.Optional(Type.String()),
        permissions: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
      },
      { additionalProperties: false },
    ),
  ),
  DeleteRole: defineRpc<null>()(
    'identity',
    'roles.delete',
    Type.Object({ id: Type.String(), expected_version: ExpectedVersion }, { additionalProperties: false }),
  ),
} as const;
