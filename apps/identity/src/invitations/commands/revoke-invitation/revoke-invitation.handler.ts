import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { InvitationAggregate } from '../../invitation.aggregate';
import { RevokeInvitationCommand } from './revoke-invitation.command';

@CommandHandler(RevokeInvitationCommand)
export class RevokeInvitationHandler implements ICommandHandler<RevokeInvitationCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  execute({ invitationId, expectedVersion, context }: RevokeInvitationCommand): Promise<null> {
    return withConcurrencyRetry(async () => {
      // Scoped to the caller's organization: another organization's invitation is simply not found.
      const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM invitations WHERE id = $1 AND org_id = $2`, [invitationId, context.org_id]);
      if (!rows[0]) throw notFound('invitation');
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const invitation = await this.repository.load(new InvitationAggregate(invitationId));
      invitation.assertVersion(expectedVersion);
      invitation.execute({ type: 'RevokeInvitation' }, decision);
      await this.repository.save([invitation], context, decision.now);
      return null;
    });
  }
}
