import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { InvitationResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry } from '@steward/event-store';
import { InvitationTokens } from '../../invitation-tokens';
import { INVITATION_COLUMNS, toInvitationResource, type InvitationRow } from '../../invitation.read-model';
import { DeclineInvitationCommand } from './decline-invitation.command';

/** The invitee declines: `invitation.declined`; the user stays `invited` and the token is void. */
@CommandHandler(DeclineInvitationCommand)
export class DeclineInvitationHandler implements ICommandHandler<DeclineInvitationCommand, InvitationResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    private readonly tokens: InvitationTokens,
  ) {}

  execute({ token, context }: DeclineInvitationCommand): Promise<InvitationResource> {
    return withConcurrencyRetry(async () => {
      const now = new Date();
      const { invitation, tokenMatches, userInvited, userActive, decision, context: invitee } = await this.tokens.resolve(token, context, now);
      invitation.execute({ type: 'DeclineInvitation', tokenMatches, userInvited, userActive }, decision);
      await this.repository.save([invitation], invitee, now);
      const [row] = (await this.dataSource.query(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = $1`, [invitation.id])) as InvitationRow[];
      return toInvitationResource(row, now);
    });
  }
}
