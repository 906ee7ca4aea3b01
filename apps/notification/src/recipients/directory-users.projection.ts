import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserActivated, UserCreated, UserDeleted, UserUpdated, type CloudEvent } from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';

type Data<D> = D extends { schema: { static: infer S } } ? S : never;

/**
 * Notification's replica of the organization's users (`directory_users`: name, email, role,
 * status), fed by identity's events. A user's events share its partition, so they arrive in
 * order; a deleted user stays as a tombstone.
 */
@Injectable()
export class DirectoryUsersProjection implements EventReaction {
  readonly types = [UserCreated.type, UserUpdated.type, UserActivated.type, UserDeleted.type];

  async react(manager: EntityManager, event: CloudEvent): Promise<void> {
    const at = event.time;
    switch (event.type) {
      case UserCreated.type: {
        const d = event.data as Data<typeof UserCreated>;
        await manager.query(
          `INSERT INTO directory_users (id, org_id, name, email, role, status, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING`,
          [d.user_id, event.orgid, d.name, d.email, d.role, d.status, at],
        );
        return;
      }
      case UserUpdated.type: {
        const { user_id, changes } = event.data as Data<typeof UserUpdated>;
        const text = (field: string) => {
          const to = changes[field]?.to;
          return typeof to === 'string' ? to : null;
        };
        if (!text('name') && !text('role') && !text('status') && !text('email')) return;
        await manager.query(
          `UPDATE directory_users SET name = COALESCE($2, name), role = COALESCE($3, role), status = COALESCE($4, status),
             email = COALESCE($5, email), updated_at = $6
           WHERE id = $1`,
          [user_id, text('name'), text('role'), text('status'), text('email'), at],
        );
        return;
      }
      case UserActivated.type: {
        const { user_id } = event.data as Data<typeof UserActivated>;
        await manager.query(`UPDATE directory_users SET status = 'active', updated_at = $2 WHERE id = $1`, [user_id, at]);
        return;
      }
      case UserDeleted.type: {
        const d = event.data as Data<typeof UserDeleted>;
        await manager.query(
          `INSERT INTO directory_users (id, org_id, name, email, role, status, updated_at, deleted_at) VALUES ($1,$2,$3,$4,$5,'inactive',$6,$6)
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
