import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError, notFound, typeIdGenerator, type InvitationResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config/identity.config';
import { UserAggregate } from '../../../users/user.aggregate';
import { InvitationAggregate } from '../../invitation.aggregate';
import { newTokenNonce } from '../../invitation-tokens';
import { INVITATION_COLUMNS, toInvitationResource, type InvitationRow } from '../../invitation.read-model';
import { ResendInvitationCommand } from './resend-invitation.command';

/**
 * A new token for the user's latest invitation (new nonce, new expiry): `invitation.resent`,
 * which notification turns into a new email. The old token matches nothing from then on.
 */
@CommandHandler(ResendInvitationCommand)
export class ResendInvitationHandler implements ICommandHandler<ResendInvitationCommand, InvitationResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  execute({ userId, context }: ResendInvitationCommand): Promise<InvitationResource> {
    return withConcurrencyRetry(async () => {
      // Scoped to the caller's organization: another organization's user is simply not found.
      const users: unknown[] = await this.dataSource.query(`SELECT 1 FROM users WHERE id = $1 AND org_id = $2`, [userId, context.org_id]);
      if (!users[0]) throw notFound('user');
      const [latest] = (await this.dataSource.query(`SELECT id FROM invitations WHERE user_id = $1 AND org_id = $2 ORDER BY id DESC LIMIT 1`, [
        userId,
        context.org_id,
      ])) as { id: string }[];
      if (!latest) throw new DomainError('conflict', 'the user has no invitation to resend');
      const user = await this.repository.load(new UserAggregate(userId));
      const invitation = await this.repository.load(new InvitationAggregate(latest.id));
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      invitation.execute(
        {
          type: 'ResendInvitation',
          tokenNonce: newTokenNonce(),
          ttlDays: this.config.invitationTtlDays,
          userInvited: user.state.exists && user.state.status === 'invited',
        },
        decision,
      );
      await this.repository.save([invitation], context, decision.now);
      const [row] = (await this.dataSource.query(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = $1`, [invitation.id])) as InvitationRow[];
      return toInvitationResource(row, decision.now);
    });
  }
}
