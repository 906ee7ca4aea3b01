import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DomainError,
  ManagerCreated,
  ManagerDeleted,
  ManagerUpdated,
  isSystemRole,
  type ManagerResource,
} from '@steward/contracts';
import type { InlineProjection, InlineProjectionOptions, StoredEvent } from '@steward/event-store';
import { lockRole } from '../roles/role.locks';

/** A `managers` row joined with its user and (custom) role. */
export interface ManagerRow {
  id: string;
  org_id: string;
  user_id: string;
  role_id: string;
  workspace_ids: string[];
  created_at: Date;
  version: number;
  user_name: string | null;
  user_email: string | null;
  role_name: string | null;
  /** The granted workspaces that are not deleted, in grant order, named from the workspaces replica. */
  workspaces: { id: string; name: string | null }[];
}

/** The joined select every manager read uses; callers add conditions on `m`. */
export const MANAGER_SELECT = `
  SELECT m.id, m.org_id, m.user_id, m.role_id, m.workspace_ids, m.created_at, m.version,
         u.name AS user_name, u.email AS user_email, r.name AS role_name,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('id', g.id, 'name', w.name) ORDER BY g.ord)
                     FROM jsonb_array_elements_text(m.workspace_ids) WITH ORDINALITY AS g(id, ord)
                     LEFT JOIN directory_workspaces w ON w.id = g.id AND w.org_id = m.org_id
                    WHERE w.deleted_at IS NULL), '[]'::jsonb) AS workspaces
    FROM managers m
    LEFT JOIN users u ON u.id = m.user_id AND u.org_id = m.org_id
    LEFT JOIN roles r ON r.id = m.role_id AND r.org_id = m.org_id`;

/**
 * Workspace names come from identity's replica of the workspaces (`directory_workspaces`, fed by
 * the workspace service's events): a workspace not replicated yet shows `name: null`, a deleted
 * one drops out. `all_workspaces` says whether the grant covers every workspace of the
 * organization, present and future (`workspaces` is then `[]`); a grant whose workspaces were all
 * deleted also shows `[]`, with `all_workspaces: false`.
 */
export function toManagerResource(row: ManagerRow): ManagerResource {
  const system = isSystemRole(row.role_id);
  return {
    id: row.id,
    user: { id: row.user_id, name: row.user_name, email: row.user_email },
    role: { id: row.role_id, name: system ? row.role_id : row.role_name, system },
    workspaces: row.workspaces,
    all_workspaces: row.workspace_ids.length === 0,
    created_at: new Date(row.created_at).toISOString(),
    version: row.version,
  };
}

export async function findManager(db: Pick<EntityManager, 'query'>, orgId: string, managerId: string): Promise<ManagerResource | undefined> {
  const rows: ManagerRow[] = await db.query(`${MANAGER_SELECT} WHERE m.id = $1 AND m.org_id = $2`, [managerId, orgId]);
  return rows[0] ? toManagerResource(rows[0]) : undefined;
}

/**
 * Keeps the `managers` table in step with manager streams, inside the append transaction.
 * A custom role being granted is locked first (the lock its deletion takes) and must still
 * exist; the user's row is share-locked, so a user deleted meanwhile fails the grant.
 */
@Injectable()
export class ManagerReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    // A replay only writes: the checks (and their locks) passed when the events were appended.
    const check = !options.replay;
    for (const stored of events) {
      const orgId = stored.context.org_id;
      switch (stored.event.type) {
        case ManagerCreated.type: {
          const data = stored.event.data as (typeof ManagerCreated)['schema']['static'];
          if (check) {
            await this.assertRoleStillExists(manager, orgId, data.role_id);
            const users: unknown[] = await manager.query(`SELECT 1 FROM users WHERE id = $1 AND org_id = $2 FOR SHARE`, [data.user_id, orgId]);
            if (users.length === 0) throw new DomainError('invalid_request', 'user_id must name a user of the organization', [{ field: 'user_id', issue: 'unknown' }]);
          }
          await manager.query(
            `INSERT INTO managers (id, org_id, user_id, role_id, workspace_ids, created_at, updated_at, version)
             VALUES ($1,$2,$3,$4,$5::jsonb,$6,$6,$7)`,
            [data.manager_id, orgId, data.user_id, data.role_id, JSON.stringify(data.workspace_ids), stored.occurredAt, stored.version],
          );
          break;
        }
        case ManagerUpdated.type: {
          const { manager_id, changes } = stored.event.data as (typeof ManagerUpdated)['schema']['static'];
          if (changes.role_id && check) await this.assertRoleStillExists(manager, orgId, changes.role_id.to as string);
          await manager.query(
            `UPDATE managers SET role_id = COALESCE($3, role_id), workspace_ids = COALESCE($4::jsonb, workspace_ids), updated_at = $5, version = $6
             WHERE id = $1 AND org_id = $2`,
            [
              manager_id,
              orgId,
              changes.role_id ? changes.role_id.to : null,
              changes.workspace_ids ? JSON.stringify(changes.workspace_ids.to) : null,
              stored.occurredAt,
              stored.version,
            ],
          );
          break;
        }
        case ManagerDeleted.type: {
          const { manager_id } = stored.event.data as (typeof ManagerDeleted)['schema']['static'];
          await manager.query(`DELETE FROM managers WHERE id = $1 AND org_id = $2`, [manager_id, orgId]);
          break;
        }
        default:
          break;
      }
    }
  }

  private async assertRoleStillExists(manager: EntityManager, orgId: string, roleId: string): Promise<void> {
    if (isSystemRole(roleId)) return;
    await lockRole(manager, roleId);
    const roles: unknown[] = await manager.query(`SELECT 1 FROM roles WHERE id = $1 AND org_id = $2`, [roleId, orgId]);
    if (roles.length === 0) {
      throw new DomainError('invalid_request', 'role_id must name a system role or a custom role of the organization', [{ field: 'role_id', issue: 'unknown' }]);
    }
  }
}
