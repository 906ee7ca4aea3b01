import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';

/**
 * A member of a workspace as `GET /v1/workspaces/{id}/members` shows it. `role` is the role the
 * membership was granted with (the invitation's role); `name` and `email` come from the
 * workspace service's replica of the organization's users (null until it has caught up).
 */
export interface WorkspaceMemberResource {
  user_id: string;
  name: string | null;
  email: string | null;
  role: string;
  joined_at: string;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const Id = Type.String({ minLength: 1, maxLength: 100 });

export const WorkspaceMembersRpc = {
  /** Answers `{id}` when the workspace exists in the caller's organization, else `not_found`. */
  WorkspaceExists: defineRpc<{ id: string }>()('workspace', 'workspaces.exists', Type.Object({ id: Id }, { additionalProperties: false })),
  /** Newest member first (by `joined_at`); `not_found` for a workspace that is not the organization's. */
  ListMembers: defineRpc<Page<WorkspaceMemberResource>>()(
    'workspace',
    'workspaces.members.list',
    Type.Object({ workspace_id: Id, limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
  /** Ends a membership (`workspace.member_removed`, reason `removed`); `not_found` when not a member. */
  RemoveMember: defineRpc<null>()(
    'workspace',
    'workspaces.members.remove',
    Type.Object({ workspace_id: Id, user_id: Id }, { additionalProperties: false }),
  ),
} as const;
