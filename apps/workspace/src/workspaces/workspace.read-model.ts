import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, type WorkspaceResource } from '@steward/contracts';
import { isUniqueViolation, type InlineProjection, type InlineProjectionOptions, type StoredEvent } from '@steward/event-store';
import type { WorkspaceTreeEvent } from './domain/workspace.decider';

/**
 * A row of the `workspaces` read table (migration 1764140000410): the tree as a materialized path.
 * `id_path` is the ids from the root down to the workspace, each followed by '/'
 * (`ws_a/ws_b/`), so a subtree is every row whose id_path starts with its root's; `slug_path` is
 * the API's `path` (`/eng/platform`); `depth` is 0 at the root.
 */
export interface WorkspaceRow {
  id: string;
  org_id: string;
  name: string;
  slug: string;
  parent_id: string | null;
  id_path: string;
  slug_path: string;
  depth: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toWorkspaceResource(row: WorkspaceRow): WorkspaceResource {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    parent_id: row.parent_id,
    path: row.slug_path,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
}

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The workspace's row, scoped to the organization: another organization's (or a deleted) workspace is undefined. */
export async function findWorkspace(db: Queryable, orgId: string, workspaceId: string): Promise<WorkspaceRow | undefined> {
  const rows = (await db.query(`SELECT * FROM workspaces WHERE id = $1 AND org_id = $2`, [workspaceId, orgId])) as WorkspaceRow[];
  return rows[0];
}

/**
 * The LIKE pattern of every id_path in the subtree rooted at `idPath` (the root included). Ids
 * hold `_`, a LIKE wildcard, so the prefix is escaped; it is passed as a parameter, so the
 * planner sees a constant prefix and uses the `workspaces_subtree` index (text_pattern_ops).
 */
export function subtreePattern(idPath: string): string {
  return `${idPath.replace(/[\\%_]/g, '\\$&')}%`;
}

/** Every row of the subtree rooted at `root` (the root included). */
export async function subtreeRows<C extends keyof WorkspaceRow>(
  db: Queryable,
  root: Pick<WorkspaceRow, 'org_id' | 'id_path'>,
  columns: readonly C[],
  orderBy: string,
): Promise<Pick<WorkspaceRow, C>[]> {
  return (await db.query(`SELECT ${columns.join(', ')} FROM workspaces WHERE org_id = $1 AND id_path LIKE $2 ORDER BY ${orderBy}`, [
    root.org_id,
    subtreePattern(root.id_path),
  ])) as Pick<WorkspaceRow, C>[];
}

const TREE_EVENT_TYPES = new Set<string>(['workspace.created', 'workspace.updated', 'workspace.moved', 'workspace.deleted']);

const slugTaken = () =>
  new DomainError('conflict', 'another workspace under the same parent already has this slug', [{ field: 'slug', issue: 'taken' }]);
const unknownParent = () => new DomainError('invalid_request', 'parent_id is not a workspace of the organization', [{ field: 'parent_id', issue: 'unknown' }]);

/** Runs a write whose unique-index violation means "slug taken among siblings". */
async function guardSlug<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'workspaces_sibling_slug')) throw slugTaken();
    throw error;
  }
}

/**
 * Keeps the `workspaces` table in step with workspace streams, inside the append transaction.
 * Every change to an organization's tree first takes the organization's tree lock (held to
 * commit), so tree changes of one organization apply one at a time and each sees the others'
 * committed result: a move re-checks for a cycle under the lock, a create under a parent sees
 * whether the parent still exists and where it is now, and a delete sees children created
 * meanwhile. Slugs are unique among siblings through the `workspaces_sibling_slug` index.
 */
@Injectable()
export class WorkspaceReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    // A replay only writes: the tree's rules were checked (under its lock) when the events were appended.
    const check = !options.replay;
    const tree = events.filter((s) => TREE_EVENT_TYPES.has(s.event.type)) as StoredEvent<WorkspaceTreeEvent>[];
    for (const orgId of check ? new Set(tree.map((s) => s.context.org_id)) : []) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('tree:' || $1))`, [orgId]);
    }
    for (let i = 0; i < tree.length; i++) {
      // A cascade's deletes (deepest first) are applied as one set.
      if (tree[i].event.type === 'workspace.deleted') {
        let end = i;
        while (end + 1 < tree.length && tree[end + 1].event.type === 'workspace.deleted') end++;
        await this.deleteAll(manager, tree.slice(i, end + 1), check);
        i = end;
      } else {
        await this.applyOne(manager, tree[i], check);
      }
    }
  }

  private async applyOne(manager: EntityManager, stored: StoredEvent<WorkspaceTreeEvent>, check: boolean): Promise<void> {
    const event = stored.event;
    const orgId = stored.context.org_id;
    const at = stored.occurredAt;
    switch (event.type) {
      case 'workspace.created': {
        const data = event.data;
        let place = { id_path: `${data.workspace_id}/`, slug_path: `/${data.slug}`, depth: 0 };
        if (data.parent_id !== null) {
          const parent = await findWorkspace(manager, orgId, data.parent_id);
          if (!parent) throw unknownParent();
          place = { id_path: `${parent.id_path}${data.workspace_id}/`, slug_path: `${parent.slug_path}/${data.slug}`, depth: parent.depth + 1 };
        }
        await guardSlug(() =>
          manager.query(
            `INSERT INTO workspaces (id, org_id, name, slug, parent_id, id_path, slug_path, depth, created_at, updated_at, version)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9,$10)`,
            [data.workspace_id, orgId, data.name, data.slug, data.parent_id, place.id_path, place.slug_path, place.depth, at, stored.version],
          ),
        );
        return;
      }
      case 'workspace.updated': {
        const { name, slug } = event.data.changes;
        const row = await findWorkspace(manager, orgId, event.data.workspace_id);
        if (!row) throw new Error(`workspace ${event.data.workspace_id} has no read row`);
        await guardSlug(() =>
          manager.query(`UPDATE workspaces SET name = COALESCE($2, name), slug = COALESCE($3, slug), updated_at = $4, version = $5 WHERE id = $1`, [
            row.id,
            name?.to ?? null,
            slug?.to ?? null,
            at,
            stored.version,
          ]),
        );
        if (slug) {
          // The new slug is the last segment of the workspace's path and a segment of every descendant's.
          const newPath = `${row.slug_path.slice(0, row.slug_path.length - row.slug.length)}${String(slug.to)}`;
          await manager.query(`UPDATE workspaces SET slug_path = $3 || substr(slug_path, $4) WHERE org_id = $1 AND id_path LIKE $2`, [
            orgId,
            subtreePattern(row.id_path),
            newPath,
            row.slug_path.length + 1,
          ]);
        }
        return;
      }
      case 'workspace.moved':
        await this.move(manager, stored as StoredEvent<Extract<WorkspaceTreeEvent, { type: 'workspace.moved' }>>);
        return;
      case 'workspace.deleted':
        await this.deleteAll(manager, [stored], check);
        return;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled workspace event ${String((unknown as { type: string }).type)}`);
      }
    }
  }

  /**
   * Re-parents the workspace and rewrites the paths and depths of its whole subtree with one
   * prefix-replacing UPDATE. Under the tree lock the new parent is checked again: gone → 400,
   * inside the moved subtree (a concurrent move made it so) → 409; both roll the append back.
   */
  private async move(manager: EntityManager, stored: StoredEvent<Extract<WorkspaceTreeEvent, { type: 'workspace.moved' }>>): Promise<void> {
    const { workspace_id: id, to_parent_id: to } = stored.event.data;
    const orgId = stored.context.org_id;
    const row = await findWorkspace(manager, orgId, id);
    if (!row) throw new Error(`workspace ${id} has no read row`);
    let place = { id_path: `${id}/`, slug_path: `/${row.slug}`, depth: 0 };
    if (to !== null) {
      const parent = await findWorkspace(manager, orgId, to);
      if (!parent) throw unknownParent();
      if (parent.id_path.startsWith(row.id_path)) {
        throw new DomainError('conflict', 'a workspace cannot move under itself or one of its descendants', [{ field: 'parent_id', issue: 'cycle' }]);
      }
      place = { id_path: `${parent.id_path}${id}/`, slug_path: `${parent.slug_path}/${row.slug}`, depth: parent.depth + 1 };
    }
    await guardSlug(() =>
      manager.query(
        `UPDATE workspaces SET
           id_path    = $3 || substr(id_path, $4),
           slug_path  = $5 || substr(slug_path, $6),
           depth      = depth + $7,
           parent_id  = CASE WHEN id = $8 THEN $9 ELSE parent_id END,
           updated_at = CASE WHEN id = $8 THEN $10 ELSE updated_at END,
           version    = CASE WHEN id = $8 THEN $11 ELSE version END
         WHERE org_id = $1 AND id_path LIKE $2`,
        [
          orgId,
          subtreePattern(row.id_path),
          place.id_path,
          row.id_path.length + 1,
          place.slug_path,
          row.slug_path.length + 1,
          place.depth - row.depth,
          id,
          to,
          stored.occurredAt,
          stored.version,
        ],
      ),
    );
  }

  /**
   * Deletes the rows as one set (a cascade's whole subtree). A child created meanwhile under one
   * of them (it is not in the set) is refused: 409, the append rolls back.
   */
  private async deleteAll(manager: EntityManager, deleted: StoredEvent<WorkspaceTreeEvent>[], check: boolean): Promise<void> {
    const ids = deleted.map((s) => (s.event as Extract<WorkspaceTreeEvent, { type: 'workspace.deleted' }>).data.workspace_id);
    const orgIds = [...new Set(deleted.map((s) => s.context.org_id))];
    await manager.query(`DELETE FROM workspaces WHERE id = ANY($1::text[])`, [ids]);
    if (!check) return;
    const orphans = (await manager.query(`SELECT 1 FROM workspaces WHERE org_id = ANY($1::text[]) AND parent_id = ANY($2::text[]) LIMIT 1`, [
      orgIds,
      ids,
    ])) as unknown[];
    if (orphans.length > 0) throw new DomainError('conflict', 'the workspace has child workspaces; delete them first or use cascade=true');
  }
}
