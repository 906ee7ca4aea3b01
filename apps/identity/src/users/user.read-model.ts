import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, isSystemRole, type SignInResource, type UserEvent, type UserResource } from '@steward/contracts';
import { isUniqueViolation, type InlineProjection, type InlineProjectionOptions, type StoredEvent } from '@steward/event-store';
import { lockRole } from '../roles/role.locks';
import { findRole } from '../roles/role.read-model';

export interface UserRow {
  id: string;
  org_id: string;
  name: string;
  email: string;
  role: string;
  status: UserResource['status'];
  workspace_ids: string[];
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface SignInRow {
  id: string;
  org_id: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  method: string;
  success: boolean;
  occurred_at: Date;
}

export function toUserResource(row: UserRow): UserResource {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    workspace_ids: row.workspace_ids,
    last_login_at: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
}

export function toSignInResource(row: SignInRow): SignInResource {
  return {
    id: row.id,
    user_id: row.user_id,
    ip: row.ip,
    user_agent: row.user_agent,
    method: row.method,
    success: row.success,
    occurred_at: new Date(row.occurred_at).toISOString(),
  };
}

/** The user's row, scoped to the organization: another organization's (or a deleted) user is undefined. */
export async function findUser(dataSource: DataSource, orgId: string, userId: string): Promise<UserRow | undefined> {
  const rows = (await dataSource.query(`SELECT * FROM users WHERE id = $1 AND org_id = $2`, [userId, orgId])) as UserRow[];
  return rows[0];
}

const USER_EVENT_TYPES = new Set<string>(['user.created', 'user.updated', 'user.activated', 'user.deleted', 'user.signed_in']);

const isActiveOwner = (row: { role: string; status: string }) => row.role === 'owner' && row.status === 'active';

/**
 * Keeps the `users` and `sign_ins` tables in step with user streams, inside the append
 * transaction. It also holds the one rule that spans users: the organization keeps at least one
 * active owner (see `guardOwnerChange`).
 */
@Injectable()
export class UserReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[], options: InlineProjectionOptions = {}): Promise<void> {
    for (const stored of events) {
      if (!USER_EVENT_TYPES.has(stored.event.type)) continue;
      await this.applyOne(manager, stored as StoredEvent<UserEvent>, options.replay === true);
    }
  }

  /** `replay`: the checks (and their locks) passed when the event was appended; only write. */
  private async applyOne(manager: EntityManager, stored: StoredEvent<UserEvent>, replay: boolean): Promise<void> {
    const event = stored.event;
    const at = stored.occurredAt;
    switch (event.type) {
      case 'user.created': {
        const data = event.data;
        if (!replay) await this.guardCustomRole(manager, stored.context.org_id, data.role);
        try {
          await manager.query(
            `INSERT INTO users (id, org_id, name, email, email_lower, role, status, workspace_ids, created_at, updated_at, version)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$9,$10)`,
            [data.user_id, stored.context.org_id, data.name, data.email, data.email.toLowerCase(), data.role, data.status, JSON.stringify(data.workspace_ids), at, stored.version],
          );
        } catch (error) {
          if (isUniqueViolation(error, 'users_org_email_unique')) {
            throw new DomainError('email_taken', 'a user with this email already exists in the organization', [{ field: 'email', issue: 'taken' }]);
          }
          throw error;
        }
        return;
      }
      case 'user.updated': {
        const { name, role, status } = event.data.changes;
        if (role && !replay) await this.guardCustomRole(manager, stored.context.org_id, role.to as string);
        await this.guardOwnerChange(manager, event.data.user_id, replay, async () => {
          await manager.query(
            `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role), status = COALESCE($4, status), updated_at = $5, version = $6
             WHERE id = $1`,
            [event.data.user_id, name?.to ?? null, role?.to ?? null, status?.to ?? null, at, stored.version],
          );
        });
        return;
      }
      case 'user.activated':
        await manager.query(`UPDATE users SET status = 'active', updated_at = $2, version = $3 WHERE id = $1`, [event.data.user_id, at, stored.version]);
        return;
      case 'user.deleted':
        await this.guardOwnerChange(manager, event.data.user_id, replay, async () => {
          // The row goes, so the email is free for a new user of the organization.
          await manager.query(`DELETE FROM users WHERE id = $1`, [event.data.user_id]);
          await manager.query(`DELETE FROM sign_ins WHERE user_id = $1`, [event.data.user_id]);
        });
        return;
      case 'user.signed_in': {
        const data = event.data;
        await manager.query(
          `INSERT INTO sign_ins (id, org_id, user_id, ip, user_agent, method, success, occurred_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
          [data.sign_in_id, stored.context.org_id, data.user_id, data.ip, data.user_agent, data.method, data.success, at],
        );
        // Only a successful sign-in counts as the user's last login.
        await manager.query(
          `UPDATE users SET last_login_at = CASE WHEN $2 THEN $3::timestamptz ELSE last_login_at END, updated_at = $3, version = $4 WHERE id = $1`,
          [data.user_id, data.success, at, stored.version],
        );
        return;
      }
      default: {
        const unknown: never = event;
        throw new Error(`unhandled user event ${String((unknown as { type: string }).type)}`);
      }
    }
  }

  /**
   * A custom role being assigned must still exist when the append commits: the role's lock
   * (shared with role deletion, see role.locks) keeps it from being deleted meanwhile.
   */
  private async guardCustomRole(manager: EntityManager, orgId: string, role: string): Promise<void> {
    if (isSystemRole(role)) return;
    await lockRole(manager, role);
    if (!(await findRole(manager, orgId, role))) throw new DomainError('invalid_request', 'role is not a role of the organization', [{ field: 'role', issue: 'unknown' }]);
  }

  /**
   * "An organization keeps at least one active owner", across user aggregates: a change to a
   * row that is an owner first takes the organization's owners lock (held to commit), so two
   * concurrent removals of the last two owners are serialized and the second one sees the first
   * (read committed: each statement reads the latest committed rows) and is refused.
   */
  private async guardOwnerChange(manager: EntityManager, userId: string, replay: boolean, change: () => Promise<void>): Promise<void> {
    if (replay) return change();
    const [before] = (await manager.query(`SELECT org_id, role, status FROM users WHERE id = $1`, [userId])) as Pick<UserRow, 'org_id' | 'role' | 'status'>[];
    if (!before || before.role !== 'owner') return change();
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('owners:' || $1))`, [before.org_id]);
    await change();
    if (!isActiveOwner(before)) return;
    const [{ owners }] = (await manager.query(
      `SELECT count(*)::int AS owners FROM users WHERE org_id = $1 AND role = 'owner' AND status = 'active'`,
      [before.org_id],
    )) as { owners: number }[];
    if (owners === 0) {
      throw new DomainError('conflict', 'the organization must keep at least one active owner');
    }
  }
}
