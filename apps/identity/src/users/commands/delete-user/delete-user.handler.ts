import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { notFound, typeIdGenerator } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { InvitationAggregate } from '../../../invitations/invitation.aggregate';
import { ManagerAggregate } from '../../../managers/manager.aggregate';
import { UserAggregate } from '../../user.aggregate';
import { findUser } from '../../user.read-model';
import { DeleteUserCommand } from './delete-user.command';

/**
 * Deletes the user and ends what hangs on it, all in one transaction through events: its pending
 * invitation is revoked (its token stops working) and its manager grants are deleted. The last
 * active owner is refused by the users projection (409). The row goes, so the email is free again.
 */
@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, null> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
  ) {}

  async execute({ input, context }: DeleteUserCommand): Promise<null> {
    if (!(await findUser(this.dataSource, context.org_id, input.id))) throw notFound('user');
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      const user = await this.repository.load(new UserAggregate(input.id));
      if (!user.state.exists) throw notFound('user');
      user.assertVersion(input.expected_version);
      user.execute({ type: 'DeleteUser' }, decision);

      const invitations = await this.pending(context.org_id, input.id);
      for (const invitation of invitations) invitation.execute({ type: 'RevokeInvitation' }, decision);
      const grants = await this.grants(context.org_id, input.id);
      for (const grant of grants) grant.execute({ type: 'DeleteManager' }, decision);

      await this.repository.save([user, ...invitations, ...grants], context, decision.now);
      return null;
    });
  }

  /** The user's pending invitations (an expired one too: revoking it settles its status). */
  private async pending(orgId: string, userId: string): Promise<InvitationAggregate[]> {
    const rows = (await this.dataSource.query(`SELECT id FROM invitations WHERE org_id = $1 AND user_id = $2 AND status = 'pending'`, [orgId, userId])) as { id: string }[];
    const loaded = await Promise.all(rows.map((r) => this.repository.load(new InvitationAggregate(r.id))));
    return loaded.filter((i) => i.state.exists && i.state.status === 'pending');
  }

  private async grants(orgId: string, userId: string): Promise<ManagerAggregate[]> {
    const rows = (await this.dataSource.query(`SELECT id FROM managers WHERE org_id = $1 AND user_id = $2`, [orgId, userId])) as { id: string }[];
    const loaded = await Promise.all(rows.map((r) => this.repository.load(new ManagerAggregate(r.id))));
    return loaded.filter((m) => m.state.status === 'active');
  }
}
