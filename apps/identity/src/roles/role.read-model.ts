import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DomainError,
  RoleCreated,
  RoleDeleted,
  RoleUpdated,
  SYSTEM_ROLE_DESCRIPTIONS,
  SYSTEM_ROLE_PERMISSIONS,
  SYSTEM_ROLES,
  isSystemRole,
  type RoleResource,
  type SystemRole,
} from '@steward/contracts';
import { isUniqueViolation, type InlineProjection, type InlineProjectionOptions, type StoredEvent } from '@steward/event-store';
import { lockRole } from './role.locks';

export interface RoleRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  permissions: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toRoleResource(row: RoleRow): RoleResource {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: row.permissions,
    system: false,
    created_at: new Date(row.created_at).toISOString(),
    version: row.version,
  };
}

/** System roles are fixed: no stream, no version, no creation time (`created_at: null`). */
export function systemRoleResource(role: SystemRole): RoleResource {
  return {
    id: role,
    name: role,
    description: SYSTEM_ROLE_DESCRIPTIONS[role],
    permissions: [...SYSTEM_ROLE_PERMISSIONS[role]],
    system: true,
    created_at: null,
  };
}

export const SYSTEM_ROLE_RESOURCES: readonly RoleResource[] = SYSTEM_ROLES.map(systemRoleResource);

/** A role of the organization (system or custom), or undefined when it has no such role. */
export async function findRole(db: Pick<EntityManager, 'query'>, orgId: string, roleId: string): Promise<RoleResource | undefined> {
  if (isSystemRole(roleId)) return systemRoleResource(roleId);
  const rows: RoleRow[] = await db.query(`SELECT * FROM roles WHERE id = $1 AND org_id = $2`, [roleId, orgId]);
  return rows[0] ? toRoleResource(rows[0]) : undefined;
}

const nameTaken = () => new DomainError('conflict', 'a role with this name already exists in the organization', [{ field: 'name', issue: 'taken' }]);

/**
 * Keeps the `roles` table in step with role streams, inside the append transaction. Names are
 * unique per organization, case-insensitively (index `roles_org_name`), and a role somebody
 * holds (a user's role, or a manager grant) cannot be deleted: both checks roll the append back.
 */
@Injectable()
export class RoleReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    for (const stored of events) {
      try {
        await this.applyOne(manager, stored, options.replay === true);
      } catch (error) {
        if (isUniqueViolation(error, 'roles_org_name')) throw nameTaken();
        throw error;
      }
    }
  }

  /** `replay`: the in-use check (and its lock) passed when the event was appended; only write. */
  private async applyOne(manager: EntityManager, stored: StoredEvent, replay: boolean): Promise<void> {
    const orgId = stored.context.org_id;
    switch (stored.event.type) {
      case RoleCreated.type: {
        const data = stored.event.data as (typeof RoleCreated)['schema']['static'];
        await manager.query(
          `INSERT INTO roles (id, org_id, name, description, permissions, created_at, updated_at, version)
           VALUES ($1,$2,$3,$4,$5::jsonb,$6,$6,$7)`,
          [data.role_id, orgId, data.name, data.description, JSON.stringify(data.permissions), stored.occurredAt, stored.version],
        );
        return;
      }
      case RoleUpdated.type: {
        const { role_id, changes } = stored.event.data as (typeof RoleUpdated)['schema']['static'];
        await manager.query(
          `UPDATE roles SET
             name = COALESCE($3, name),
             description = COALESCE($4, description),
             permissions = COALESCE($5::jsonb, permissions),
             updated_at = $6, version = $7
           WHERE id = $1 AND org_id = $2`,
          [
            role_id,
            orgId,
            changes.name ? changes.name.to : null,
            changes.description ? changes.description.to : null,
            changes.permissions ? JSON.stringify(changes.permissions.to) : null,
            stored.occurredAt,
            stored.version,
          ],
        );
        return;
      }
      case RoleDeleted.type: {
        const { role_id } = stored.event.data as (typeof RoleDeleted)['schema']['static'];
        if (!replay) {
          // Whoever assigns a custom role takes the same lock first, so nobody gains it meanwhile.
          await lockRole(manager, role_id);
          const inUse = (await manager.query(
            `SELECT EXISTS (SELECT 1 FROM users WHERE org_id = $1 AND role = $2)
                 OR EXISTS (SELECT 1 FROM managers WHERE org_id = $1 AND role_id = $2) AS in_use`,
            [orgId, role_id],
          )) as { in_use: boolean }[];
          if (inUse[0]?.in_use) {
            throw new DomainError('conflict', 'the role is in use by users or managers; reassign them first', [{ field: 'id', issue: 'in_use' }]);
          }
        }
        await manager.query(`DELETE FROM roles WHERE id = $1 AND org_id = $2`, [role_id, orgId]);
        return;
      }
      default:
        return;
    }
  }
}
