import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';
import { USER_STATUSES } from './events';
import type { UserResource } from './resources';

const Limit = Type.Integer({ minimum: 1, maximum: 100 });

export const IdentityRpc = {
  CreateUser: defineRpc<UserResource>()(
    'identity',
    'users.create',
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ minLength: 3, maxLength: 320 }),
        role: Type.String({ minLength: 1 }),
        send_invitation: Type.Boolean(),
        workspace_ids: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
  ),
  GetUser: defineRpc<UserResource>()('identity', 'users.get', Type.Object({ id: Type.String() }, { additionalProperties: false })),
  ListUsers: defineRpc<Page<UserResource>>()(
    'identity',
    'users.list',
    Type.Object(
      {
        limit: Limit,
        cursor: Type.Optional(Type.String()),
        role: Type.Optional(Type.String()),
        status: Type.Optional(Type.Union(USER_STATUSES.map((s) => Type.Literal(s)))),
        q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        workspace_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      },
      { additionalProperties: false },
    ),
  ),
} as const;
