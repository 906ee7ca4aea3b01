import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserCreated, UserDeleted, UserUpdated, type CloudEvent } from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';

type Db = Pick<EntityManager, 'query'>;

/**
 * Serializes what adds or ends a user's memberships in reaction to events (held to commit): a
 * membership added concurrently with the user's deletion is either seen by the deletion's
 * reaction, or sees the user deleted and is not added.
 */
export async function lockMembershipsOfUser(db: Db, userId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('memberships-of-user:' || $1))`, [userId]);
}

/** Whether the user is known to have been deleted (its `directory_users` entry is a tombstone). */
export async function isDeletedUser(db: Db, userId: string): Promise<boolean> {
  const rows: { deleted: boolean }[] = await db.query(`SELECT deleted_at IS NOT NULL AS deleted FROM directory_users WHERE id = $1`, [userId]);
  return rows[0]?.deleted ?? false;
}

type Data<D> = D extends { schema: { static: infer S } } ? S : never;

/**
 * The workspace service's replica of the organization's users (`directory_users`: name, email,
 * role), fed by identity's events — never by identity's database. A deleted user stays as a
 * tombstone, so a membership that arrives late (another partition) is not added for them.
 */
@Injectable()
export class DirectoryUsersProjection implements EventReaction {
  readonly types = [UserCreated.type, UserUpdated.type, UserDeleted.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const at = event.time;
    switch (event.type) {
      case UserCreated.type: {
        const d = event.data as Data<typeof UserCreated>;
        await manager.query(
          `INSERT INTO directory_users (id, org_id, name, email, role, updated_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (id) DO NOTHING`,
          [d.user_id, event.orgid, d.name, d.email, d.role, at],
        );
        return;
      }
      case UserUpdated.type: {
        const { user_id, changes } = event.data as Data<typeof UserUpdated>;
        if (!changes.name && !changes.role) return;
        await manager.query(`UPDATE directory_users SET name = COALESCE($2, name), role = COALESCE($3, role), updated_at = $4 WHERE id = $1`, [
          user_id,
          changes.name?.to ?? null,
          changes.role?.to ?? null,
          at,
        ]);
        return;
      }
      case UserDeleted.type: {
        const d = event.data as Data<typeof UserDeleted>;
        await lockMembershipsOfUser(manager, d.user_id);
        await manager.query(
          `INSERT INTO directory_users (id, org_id, name, email, role, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$5,$6,$6)
           ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, updated_at = EXCLUDED.updated_at`,
          [d.user_id, event.orgid, d.name, d.email, d.role, at],
        );
        return;
      }
      default:
        return;
    }
  }
}
