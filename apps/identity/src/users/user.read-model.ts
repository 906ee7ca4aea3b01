import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, UserCreated, type UserResource } from '@steward/contracts';
import { isUniqueViolation, type InlineProjection, type StoredEvent } from '@steward/event-store';

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

/** Keeps the `users` table in step with user streams, inside the append transaction. */
@Injectable()
export class UserReadModelProjection implements InlineProjection {
  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (stored.event.type !== UserCreated.type) continue;
      const data = stored.event.data as (typeof UserCreated)['schema']['static'];
      try {
        await manager.query(
          `INSERT INTO users (id, org_id, name, email, email_lower, role, status, workspace_ids, created_at, updated_at, version)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$9,$10)`,
          [data.user_id, stored.context.org_id, data.name, data.email, data.email.toLowerCase(), data.role, data.status, JSON.stringify(data.workspace_ids), stored.occurredAt, stored.version],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'users_org_email_unique')) {
          throw new DomainError('email_taken', 'a user with this email already exists in the organization', [{ field: 'email', issue: 'taken' }]);
        }
        throw error;
      }
    }
  }
}
