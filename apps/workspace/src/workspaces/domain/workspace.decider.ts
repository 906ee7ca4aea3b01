import {
  DomainError,
  notFound,
  type Changes,
  type EventOf,
  type WorkspaceCreated,
  type WorkspaceDeleted,
  type WorkspaceMoved,
  type WorkspaceUpdated,
} from '@steward/contracts';
import type { Decider } from '@steward/event-store';

/**
 * The events of a workspace's own stream. Memberships are streams of their own, so
 * `workspace.member_added/removed` never reach this decider.
 */
export type WorkspaceTreeEvent =
  | EventOf<typeof WorkspaceCreated>
  | EventOf<typeof WorkspaceUpdated>
  | EventOf<typeof WorkspaceMoved>
  | EventOf<typeof WorkspaceDeleted>;

export type WorkspaceState =
  | { exists: false; deleted: boolean }
  | { exists: true; id: string; name: string; slug: string; parentId: string | null };

type ExistingWorkspace = Extract<WorkspaceState, { exists: true }>;

/**
 * Facts about the rest of the tree (does the parent exist in the organization, is it inside the
 * workspace's own subtree, has the workspace children) are looked up by the handler and passed
 * in; the projection checks them again in the append transaction, under the tree lock.
 */
export type WorkspaceCommand =
  | {
      type: 'CreateWorkspace';
      workspaceId: string;
      name: string;
      /** Absent: generated from the name. */
      slug?: string;
      parentId: string | null;
      parentExists: boolean;
    }
  /** PATCH `name` and/or `slug`; the slug stays as it is when only the name changes. */
  | { type: 'RenameWorkspace'; name?: string; slug?: string }
  /** PATCH `parent_id` (null = the root). */
  | { type: 'MoveWorkspace'; parentId: string | null; parentExists: boolean; parentInSubtree: boolean }
  /** `cascade`: the handler deletes the whole subtree, deepest first, in the same transaction. */
  | { type: 'DeleteWorkspace'; hasChildren: boolean; cascade: boolean };

export const NAME_MAX_LENGTH = 200;
export const SLUG_MAX_LENGTH = 63;
/** Lowercase letters and digits in groups joined by single hyphens: `platform-team-2`. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FALLBACK_SLUG = 'workspace';

/**
 * A slug from a name: accents dropped, lowercase, every run of other characters becomes one
 * hyphen, no hyphen at either end, at most 63 characters; `workspace` when nothing is left.
 */
export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '');
  return slug || FALLBACK_SLUG;
}

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

function validName(raw: string): string {
  const name = raw.trim();
  if (!name) throw invalid('name', 'required', 'name must not be empty');
  if (name.length > NAME_MAX_LENGTH) throw invalid('name', 'too_long', `name must be at most ${NAME_MAX_LENGTH} characters`);
  return name;
}

function validSlug(slug: string): string {
  if (slug.length > SLUG_MAX_LENGTH) throw invalid('slug', 'too_long', `slug must be at most ${SLUG_MAX_LENGTH} characters`);
  if (!SLUG.test(slug)) throw invalid('slug', 'format', 'slug must be lowercase letters and digits, in groups joined by single hyphens');
  return slug;
}

/** A workspace that was never created or has been deleted is not found. */
function existing(state: WorkspaceState): ExistingWorkspace {
  if (!state.exists) throw notFound('workspace');
  return state;
}

function decideRename(command: Extract<WorkspaceCommand, { type: 'RenameWorkspace' }>, workspace: ExistingWorkspace): WorkspaceTreeEvent[] {
  const changes: Changes = {};
  if (command.name !== undefined) {
    const name = validName(command.name);
    if (name !== workspace.name) changes.name = { from: workspace.name, to: name };
  }
  if (command.slug !== undefined) {
    const slug = validSlug(command.slug);
    if (slug !== workspace.slug) changes.slug = { from: workspace.slug, to: slug };
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'workspace.updated', data: { workspace_id: workspace.id, changes } }];
}

function decideMove(command: Extract<WorkspaceCommand, { type: 'MoveWorkspace' }>, workspace: ExistingWorkspace): WorkspaceTreeEvent[] {
  if (command.parentId === workspace.parentId) return [];
  if (command.parentId !== null) {
    if (command.parentId === workspace.id || command.parentInSubtree) {
      throw new DomainError('conflict', 'a workspace cannot move under itself or one of its descendants', [{ field: 'parent_id', issue: 'cycle' }]);
    }
    if (!command.parentExists) throw invalid('parent_id', 'unknown', 'parent_id is not a workspace of the organization');
  }
  return [{ type: 'workspace.moved', data: { workspace_id: workspace.id, from_parent_id: workspace.parentId, to_parent_id: command.parentId } }];
}

export const workspaceDecider: Decider<WorkspaceState, WorkspaceCommand, WorkspaceTreeEvent> = {
  initialState: () => ({ exists: false, deleted: false }),

  evolve(state, event) {
    switch (event.type) {
      case 'workspace.created':
        return { exists: true, id: event.data.workspace_id, name: event.data.name, slug: event.data.slug, parentId: event.data.parent_id };
      case 'workspace.updated': {
        if (!state.exists) return state;
        const { name, slug } = event.data.changes;
        return { ...state, name: name ? (name.to as string) : state.name, slug: slug ? (slug.to as string) : state.slug };
      }
      case 'workspace.moved':
        return state.exists ? { ...state, parentId: event.data.to_parent_id } : state;
      case 'workspace.deleted':
        return { exists: false, deleted: true };
      default: {
        const unknown: never = event;
        throw new Error(`unhandled workspace event ${String((unknown as { type: string }).type)}`);
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'CreateWorkspace': {
        if (state.exists || state.deleted) throw new DomainError('conflict', 'workspace already exists');
        const name = validName(command.name);
        const slug = command.slug === undefined ? slugFromName(name) : validSlug(command.slug);
        if (command.parentId !== null && !command.parentExists) throw invalid('parent_id', 'unknown', 'parent_id is not a workspace of the organization');
        return [{ type: 'workspace.created', data: { workspace_id: command.workspaceId, name, slug, parent_id: command.parentId } }];
      }
      case 'RenameWorkspace':
        return decideRename(command, existing(state));
      case 'MoveWorkspace':
        return decideMove(command, existing(state));
      case 'DeleteWorkspace': {
        const workspace = existing(state);
        if (command.hasChildren && !command.cascade) {
          throw new DomainError('conflict', 'the workspace has child workspaces; delete them first or use cascade=true');
        }
        return [
          { type: 'workspace.deleted', data: { workspace_id: workspace.id, name: workspace.name, slug: workspace.slug, parent_id: workspace.parentId } },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unhandled workspace command ${String((unknown as { type: string }).type)}`);
      }
    }
  },
};
