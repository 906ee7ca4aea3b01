import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashToken, invitationToken, sameDigest, typeIdGenerator, type RequestContext } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity.config';
import { UserAggregate } from '../users/user.aggregate';
import { invitationGone } from './domain/invitation.decider';
import { InvitationAggregate } from './invitation.aggregate';

/** A fresh random nonce: with INVITATION_TOKEN_SECRET it determines a new token (issue, resend). */
export function newTokenNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Whether `presented` is the token of the invitation's current nonce: a constant-time comparison
 * of SHA-256 digests, so neither the length nor the content of the token leaks through timing.
 */
export function isCurrentToken(secret: string, invitation: { id: string; tokenNonce: string }, presented: string): boolean {
  return sameDigest(hashToken(presented), hashToken(invitationToken(secret, invitation.id, invitation.tokenNonce)));
}

/** An invitation reached through a presented token, with what accept/decline decide on. */
export interface PresentedInvitation {
  invitation: InvitationAggregate;
  user: UserAggregate;
  tokenMatches: boolean;
  userInvited: boolean;
  /** The user is active: they may still answer an invitation to a workspace. */
  userActive: boolean;
  /** Decision context and request context of the invitee: org of the invitation, actor the user. */
  decision: DecisionContext;
  context: RequestContext;
}

/**
 * Resolves a token presented without an API key (accept/decline). The invitation is found by
 * the SHA-256 of the token (only current tokens are in the read table); the match is then
 * confirmed in constant time against the token of the stream's current nonce. A token that
 * matches nothing — malformed, superseded, used — is 410 gone, like every other refusal.
 */
@Injectable()
export class InvitationTokens {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async resolve(token: string, request: RequestContext, now: Date): Promise<PresentedInvitation> {
    const presented = hashToken(token);
    const rows: { id: string; org_id: string }[] = await this.dataSource.query(`SELECT id, org_id FROM invitations WHERE token_hash = $1`, [presented]);
    if (!rows[0]) throw invitationGone();
    const invitation = await this.repository.load(new InvitationAggregate(rows[0].id));
    const state = invitation.state;
    if (!state.exists) throw invitationGone();
    const user = await this.repository.load(new UserAggregate(state.userId));
    const actor = { type: 'user' as const, id: state.userId };
    return {
      invitation,
      user,
      tokenMatches: isCurrentToken(this.config.invitationTokenSecret, state, token),
      userInvited: user.state.exists && user.state.status === 'invited',
      userActive: user.state.exists && user.state.status === 'active',
      decision: { now, ids: typeIdGenerator, actor, orgId: rows[0].org_id },
      context: {
        request_id: request.request_id,
        correlation_id: request.correlation_id,
        causation_id: request.causation_id,
        ip: request.ip,
        user_agent: request.user_agent,
        org_id: rows[0].org_id,
        actor,
      },
    };
  }
}
