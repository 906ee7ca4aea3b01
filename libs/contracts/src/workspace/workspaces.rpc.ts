import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { Page } from '../core/pagination';

/**
 * Workspace as API.md shows it: a node of the organization's tree. `path` is the slugs from the
 * root down (`/eng/platform`); `parent_id` is null at the root. `version` is the stream version
 * (the ETag).
 */
export interface WorkspaceResource {
  id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  path: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** `GET /v1/workspaces/{id}/tree`: the subtree to any depth; children sorted by name (case-insensitive), then id. */
export interface WorkspaceTreeNode {
  id: string;
  name: string;
  children: WorkspaceTreeNode[];
}

const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const ExpectedVersion = Type.Optional(Type.Integer({ minimum: 0 }));
const Id = Type.String({ minLength: 1, maxLength: 100 });
const ParentId = Type.Union([Id, Type.Null()]);

export const WorkspacesRpc = {
  CreateWorkspace: defineRpc<WorkspaceResource>()(
    'workspace',
    'workspaces.create',
    Type.Object(
      { name: Type.String({ maxLength: 200 }), slug: Type.Optional(Type.String({ maxLength: 100 })), parent_id: ParentId },
      { additionalProperties: false },
    ),
  ),
  GetWorkspace: defineRpc<WorkspaceResource>()('workspace', 'workspaces.get', Type.Object({ id: Id }, { additionalProperties: false })),
  /** `parent_id`: a workspace id lists its children, null lists the roots, absent lists all. */
  ListWorkspaces: defineRpc<Page<WorkspaceResource>>()(
    'workspace',
    'workspaces.list',
    Type.Object({ limit: Limit, cursor: Type.Optional(Type.String()), parent_id: Type.Optional(ParentId) }, { additionalProperties: false }),
  ),
  /** PATCH: rename (`name`, `slug`) and/or move (`parent_id`, null = to the root). */
  UpdateWorkspace: defineRpc<WorkspaceResource>()(
    'workspace',
    'workspaces.update',
    Type.Object(
      {
        id: Id,
        expected_version: ExpectedVersion,
        name: Type.Optional(Type.String({ maxLength: 200 })),
        slug: Type.Optional(Type.String({ maxLength: 100 })),
        parent_id: Type.Optional(ParentId),
      },
      { additionalProperties: false },
    ),
  ),
  /** With `cascade`, the whole subtree goes in one transaction (one event per workspace). */
  DeleteWorkspace: defineRpc<null>()(
    'workspace',
    'workspaces.delete',
    Type.Object({ id: Id, expected_version: ExpectedVersion, cascade: Type.Boolean() }, { additionalProperties: false }),
  ),
  GetWorkspaceTree: defineRpc<WorkspaceTreeNode>()('workspace', 'workspaces.tree', Type.Object({ id: Id }, { additionalProperties: false })),
} as const;
