import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  hashToken,
  invitationToken,
  type InvitationAccepted,
  type InvitationCreated,
  type InvitationDeclined,
  type InvitationEvent,
  type InvitationResent,
  type InvitationResource,
  type InvitationRevoked,
} from '@steward/contracts';
import type { InlineProjection, StoredEvent } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config';
import { effectiveInvitationStatus, type InvitationStatus } from './domain/invitation.decider';

export interface InvitationRow {
  id: string;
  org_id: string;
  user_id: string;
  email: string;
  name: string;
  role: string;
  workspace_id: string | null;
  status: InvitationStatus;
  expires_at: Date;
  created_at: Date;
  version: number;
}

/** Columns a read may select: everything but `token_hash`, which never leaves this table. */
export const INVITATION_COLUMNS = 'id, org_id, user_id, email, name, role, workspace_id, status, expires_at, created_at, version';

/** The resource as API.md shows it; a pending invitation past its expiry shows `expired`. */
export function toInvitationResource(row: InvitationRow, now: Date): InvitationResource {
  return {
    id: row.id,
    email: row.email,
    user_id: row.user_id,
    workspace_id: row.workspace_id,
    role: row.role,
    status: effectiveInvitationStatus(row.status, row.expires_at, now),
    expires_at: new Date(row.expires_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
    version: row.version,
  };
}

type Data<E> = E extends { schema: { static: infer D } } ? D : never;

const FINAL_STATUS: Partial<Record<InvitationEvent['type'], InvitationStatus>> = {
  'invitation.accepted': 'accepted',
  'invitation.declined': 'declined',
  'invitation.revoked': 'revoked',
};

/**
 * Keeps the `invitations` table, with the SHA-256 of the current token (never the token). A
 * resend replaces the hash (the old token then matches nothing); once accepted, declined or
 * revoked the hash becomes `void:<id>` — unique, and never equal to a hex digest — so no token
 * of the invitation can be found again.
 */
@Injectable()
export class InvitationReadModelProjection implements InlineProjection {
  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      const type = stored.event.type as InvitationEvent['type'];
      if (type === 'invitation.created') {
        const data = stored.event.data as Data<typeof InvitationCreated>;
        await manager.query(
          `INSERT INTO invitations (id, org_id, user_id, email, name, role, workspace_id, status, token_hash, expires_at, created_at, updated_at, version)
           VALUES ($1,$2,$3,$4,$5,$6,$7,'pending',$8,$9,$10,$10,$11)`,
          [
            data.invitation_id,
            stored.context.org_id,
            data.user_id,
            data.email,
            data.name,
            data.role,
            data.workspace_id,
            this.tokenHash(data.invitation_id, data.token_nonce),
            data.expires_at,
            stored.occurredAt,
            stored.version,
          ],
        );
      } else if (type === 'invitation.resent') {
        const data = stored.event.data as Data<typeof InvitationResent>;
        await manager.query(`UPDATE invitations SET token_hash = $2, expires_at = $3, updated_at = $4, version = $5 WHERE id = $1`, [
          data.invitation_id,
          this.tokenHash(data.invitation_id, data.token_nonce),
          data.expires_at,
          stored.occurredAt,
          stored.version,
        ]);
      } else if (FINAL_STATUS[type]) {
        const data = stored.event.data as Data<typeof InvitationAccepted | typeof InvitationDeclined | typeof InvitationRevoked>;
        await manager.query(`UPDATE invitations SET status = $2, token_hash = 'void:' || id, updated_at = $3, version = $4 WHERE id = $1`, [
          data.invitation_id,
          FINAL_STATUS[type],
          stored.occurredAt,
          stored.version,
        ]);
      }
    }
  }

  private tokenHash(invitationId: string, nonce: string): string {
    return hashToken(invitationToken(this.config.invitationTokenSecret, invitationId, nonce));
  }
}
