import { Type } from '@sinclair/typebox';
import { changesOf, createdChanges, defineEvent, deletedChanges, type EventOf } from '../core/events';
import { ChangesSchema, Nullable } from '../core/schema-fragments';


export const OrganizationCreated = defineEvent({
  type: 'organization.created',
  context: 'workspace',
  dataversion: 1,
  description: 'An organization (tenant) was created, e.g. by `npm run bootstrap`.',
  schema: Type.Object({ organization_id: Type.String(), name: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'organization.create',
    target: (d) => ({ type: 'organization', id: d.organization_id }),
    changes: (d) => createdChanges(d, ['name']),
  },
});

export const WorkspaceCreated = defineEvent({
  type: 'workspace.created',
  context: 'workspace',
  dataversion: 1,
  description: 'A workspace was created in the organization tree (at the root when parent_id is null).',
  schema: Type.Object(
    { workspace_id: Type.String(), name: Type.String(), slug: Type.String(), parent_id: Nullable(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'workspace.create',
    target: (d) => ({ type: 'workspace', id: d.workspace_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['name', 'slug', 'parent_id']),
  },
});

export const WorkspaceUpdated = defineEvent({
  type: 'workspace.updated',
  context: 'workspace',
  dataversion: 1,
  description: 'A workspace was renamed (name and/or slug); `changes` holds before/after.',
  schema: Type.Object({ workspace_id: Type.String(), changes: ChangesSchema }, { additionalProperties: false }),
  audit: { action: 'workspace.update', target: (d) => ({ type: 'workspace', id: d.workspace_id }), workspaceId: (d) => d.workspace_id, changes: changesOf },
});

export const WorkspaceMoved = defineEvent({
  type: 'workspace.moved',
  context: 'workspace',
  dataversion: 1,
  description: 'A workspace (with its whole subtree) moved under another parent (null = the root).',
  schema: Type.Object(
    { workspace_id: Type.String(), from_parent_id: Nullable(Type.String()), to_parent_id: Nullable(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'workspace.move',
    target: (d) => ({ type: 'workspace', id: d.workspace_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => ({ parent_id: { from: d.from_parent_id, to: d.to_parent_id } }),
  },
});

export const WorkspaceDeleted = defineEvent({
  type: 'workspace.deleted',
  context: 'workspace',
  dataversion: 1,
  description: 'A workspace was deleted (a cascade emits one per removed workspace); its memberships and pending invitations end.',
  schema: Type.Object(
    { workspace_id: Type.String(), name: Type.String(), slug: Type.String(), parent_id: Nullable(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'workspace.delete',
    target: (d) => ({ type: 'workspace', id: d.workspace_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => deletedChanges(d, ['name', 'slug', 'parent_id']),
  },
});

export const WorkspaceMemberAdded = defineEvent({
  type: 'workspace.member_added',
  context: 'workspace',
  dataversion: 1,
  description: 'A user became a member of the workspace (e.g. by accepting a workspace invitation).',
  schema: Type.Object(
    { workspace_id: Type.String(), user_id: Type.String(), role: Type.String(), invitation_id: Nullable(Type.String()) },
    { additionalProperties: false },
  ),
  audit: {
    action: 'workspace.add_member',
    target: (d) => ({ type: 'user', id: d.user_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['user_id', 'role']),
  },
});

export const WorkspaceMemberRemoved = defineEvent({
  type: 'workspace.member_removed',
  context: 'workspace',
  dataversion: 1,
  description: 'A membership ended: removed by an admin, or because the user or the workspace was deleted.',
  schema: Type.Object(
    {
      workspace_id: Type.String(),
      user_id: Type.String(),
      reason: Type.Union([Type.Literal('removed'), Type.Literal('user_deleted'), Type.Literal('workspace_deleted')]),
    },
    { additionalProperties: false },
  ),
  audit: {
    action: 'workspace.remove_member',
    target: (d) => ({ type: 'user', id: d.user_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => ({ user_id: { from: d.user_id, to: null }, reason: { from: null, to: d.reason } }),
  },
});

const TemplateContent = Type.Record(Type.String(), Type.Unknown());

export const TemplateCreated = defineEvent({
  type: 'template.created',
  context: 'workspace',
  dataversion: 1,
  description: 'A private template was created in a workspace.',
  schema: Type.Object(
    { template_id: Type.String(), workspace_id: Type.String(), name: Type.String(), description: Type.String(), content: TemplateContent },
    { additionalProperties: false },
  ),
  audit: {
    action: 'template.create',
    target: (d) => ({ type: 'template', id: d.template_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => createdChanges(d, ['name', 'description', 'workspace_id', 'content']),
  },
});

export const TemplateUpdated = defineEvent({
  type: 'template.updated',
  context: 'workspace',
  dataversion: 1,
  description: 'A private template changed (name, description, content); `changes` holds before/after.',
  schema: Type.Object({ template_id: Type.String(), workspace_id: Type.String(), changes: ChangesSchema }, { additionalProperties: false }),
  audit: { action: 'template.update', target: (d) => ({ type: 'template', id: d.template_id }), workspaceId: (d) => d.workspace_id, changes: changesOf },
});

export const TemplateDeleted = defineEvent({
  type: 'template.deleted',
  context: 'workspace',
  dataversion: 1,
  description: 'A private template was deleted (directly, or with its workspace).',
  schema: Type.Object({ template_id: Type.String(), workspace_id: Type.String(), name: Type.String() }, { additionalProperties: false }),
  audit: {
    action: 'template.delete',
    target: (d) => ({ type: 'template', id: d.template_id }),
    workspaceId: (d) => d.workspace_id,
    changes: (d) => deletedChanges(d, ['name']),
  },
});

export const WORKSPACE_EVENTS = [
  OrganizationCreated,
  WorkspaceCreated,
  WorkspaceUpdated,
  WorkspaceMoved,
  WorkspaceDeleted,
  WorkspaceMemberAdded,
  WorkspaceMemberRemoved,
  TemplateCreated,
  TemplateUpdated,
  TemplateDeleted,
] as const;
export type OrganizationEvent = EventOf<typeof OrganizationCreated>;
export type WorkspaceEvent =
  | EventOf<typeof WorkspaceCreated>
  | EventOf<typeof WorkspaceUpdated>
  | EventOf<typeof WorkspaceMoved>
  | EventOf<typeof WorkspaceDeleted>
  | EventOf<typeof WorkspaceMemberAdded>
  | EventOf<typeof WorkspaceMemberRemoved>;
export type TemplateEvent = EventOf<typeof TemplateCreated> | EventOf<typeof TemplateUpdated> | EventOf<typeof TemplateDeleted>;
