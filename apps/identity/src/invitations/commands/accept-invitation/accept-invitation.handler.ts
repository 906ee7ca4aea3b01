import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { InvitationResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry } from '@steward/event-store';
import { InvitationTokens } from '../../invitation-tokens';
import { INVITATION_COLUMNS, toInvitationResource, type InvitationRow } from '../../invitation.read-model';
import { AcceptInvitationCommand } from './accept-invitation.command';

/**
 * The invitee accepts: `invitation.accepted` on the invitation's stream and, for an invited user,
 * `user.activated` on the user's, in one transaction. An active user accepting an invitation to a
 * workspace only accepts it (the workspace service makes them a member from `invitation.accepted`).
 * A second accept (or a race) finds the token void: 410.
 */
@CommandHandler(AcceptInvitationCommand)
export class AcceptInvitationHandler implements ICommandHandler<AcceptInvitationCommand, InvitationResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    private readonly tokens: InvitationTokens,
  ) {}

  execute({ token, context }: AcceptInvitationCommand): Promise<InvitationResource> {
    return withConcurrencyRetry(async () => {
      const now = new Date();
      const { invitation, user, tokenMatches, userInvited, userActive, decision, context: invitee } = await this.tokens.resolve(token, context, now);
      invitation.execute({ type: 'AcceptInvitation', tokenMatches, userInvited, userActive }, decision);
      if (userInvited) user.execute({ type: 'ActivateUser', invitationId: invitation.id }, decision);
      await this.repository.save([invitation, user], invitee, now);
      const [row] = (await this.dataSource.query(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = $1`, [invitation.id])) as InvitationRow[];
      return toInvitationResource(row, now);
    });
  }
}
