import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page, StreamEventResource } from '../core/pagination';
import type { UserResource } from './resources';

/** A sign-in reported by the host application (`POST /v1/users/{id}/sign-ins`). */
export interface SignInResource {
  id: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  method: string;
  success: boolean;
  occurred_at: string;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));
const NullableText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);

/** User calls beyond create/get/list (those are in `IdentityRpc`). */
export const UsersRpc = {
  UpdateUser: defineRpc<UserResource>()(
    'identity',
    'users.update',
    Type.Object(
      {
        id: Type.String(),
        expected_version: ExpectedVersion,
        name: Type.Optional(Type.String({ maxLength: 200 })),
        role: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        status: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  ),
  DeleteUser: defineRpc<null>()(
    'identity',
    'users.delete',
    Type.Object({ id: Type.String(), expected_version: ExpectedVersion }, { additionalProperties: false }),
  ),
  /** The user as it was at `as_of` (ISO 8601), rebuilt from its events. */
  GetUserAsOf: defineRpc<UserResource>()(
    'identity',
    'users.get_as_of',
    Type.Object({ id: Type.String(), as_of: Type.String() }, { additionalProperties: false }),
  ),
  GetUserHistory: defineRpc<Page<StreamEventResource>>()(
    'identity',
    'users.history',
    Type.Object({ id: Type.String(), limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
  RecordSignIn: defineRpc<SignInResource>()(
    'identity',
    'users.record_sign_in',
    Type.Object(
      {
        id: Type.String(),
        ip: NullableText(100),
        user_agent: NullableText(1000),
        method: Type.String({ minLength: 1, maxLength: 50 }),
        success: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
  ),
  ListSignIns: defineRpc<Page<SignInResource>>()(
    'identity',
    'users.sign_ins',
    Type.Object({ id: Type.String(), limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
} as const;
