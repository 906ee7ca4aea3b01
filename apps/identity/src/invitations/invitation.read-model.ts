import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvitationCreated, hashToken, invitationToken } from '@steward/contracts';
import type { InlineProjection, StoredEvent } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config';

/** Keeps the `invitations` table, with the SHA-256 of the current token (never the token). */
@Injectable()
export class InvitationReadModelProjection implements InlineProjection {
  constructor(@Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig) {}

  async apply(manager: EntityManager, events: StoredEvent[]): Promise<void> {
    for (const stored of events) {
      if (stored.event.type !== InvitationCreated.type) continue;
      const data = stored.event.data as (typeof InvitationCreated)['schema']['static'];
      const tokenHash = hashToken(invitationToken(this.config.invitationTokenSecret, data.invitation_id, data.token_nonce));
      await manager.query(
        `INSERT INTO invitations (id, org_id, user_id, email, role, workspace_id, status, token_hash, expires_at, created_at, version)
         VALUES ($1,$2,$3,$4,$5,$6,'pending',$7,$8,$9,$10)`,
        [data.invitation_id, stored.context.org_id, data.user_id, data.email, data.role, data.workspace_id, tokenHash, data.expires_at, stored.occurredAt, stored.version],
      );
    }
  }
}
