import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';

/**
 * Manager (a role granted on a set of workspaces) as API.md shows it, joined at query time
 * from the users and roles read tables. `workspaces: []` means every workspace of the
 * organization, present and future. `version` is the stream version (the ETag).
 * `all_workspaces` (beyond API.md) tells that case apart from a grant whose workspaces were all
 * deleted (deleted workspaces drop out of `workspaces`).
 */
export interface ManagerResource {
  id: string;
  user: { id: string; name: string | null; email: string | null };
  role: { id: string; name: string | null; system: boolean };
  workspaces: { id: string; name: string | null }[];
  all_workspaces: boolean;
  created_at: string;
  version: number;
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));
const WorkspaceIds = Type.Array(Type.String(), { maxItems: 100 });

export const ManagersRpc = {
  ListManagers: defineRpc<Page<ManagerResource>>()(
    'identity',
    'managers.list',
    Type.Object({ limit: Limit, cursor: Type.Optional(Type.String()) }, { additionalProperties: false }),
  ),
  GetManager: defineRpc<ManagerResource>()('identity', 'managers.get', Type.Object({ id: Type.String() }, { additionalProperties: false })),
  CreateManager: defineRpc<ManagerResource>()(
    'identity',
    'managers.create',
    Type.Object({ user_id: Type.String(), role_id: Type.String(), workspace_ids: WorkspaceIds }, { additionalProperties: false }),
  ),
  UpdateManager: defineRpc<ManagerResource>()(
    'identity',
    'managers.update',
    Type.Object(
      { id: Type.String(), expected_version: ExpectedVersion, role_id: Type.Optional(Type.String()), workspace_ids: Type.Optional(WorkspaceIds) },
      { additionalProperties: false },
    ),
  ),
  DeleteManager: defineRpc<null>()(
    'identity',
    'managers.delete',
    Type.Object({ id: Type.String(), expected_version: ExpectedVersion }, { additionalProperties: false }),
  ),
} as const;
