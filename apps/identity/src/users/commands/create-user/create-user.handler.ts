import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { isSystemRole, typeIdGenerator, type UserResource } from '@steward/contracts';
import { AggregateRepository, type DecisionContext } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config/identity.config';
import { InvitationAggregate } from '../../../invitations/invitation.aggregate';
import { findRole } from '../../../roles/role.read-model';
import { UserAggregate } from '../../user.aggregate';
import { toUserResource, type UserRow } from '../../user.read-model';
import { CreateUserCommand } from './create-user.command';

/** Creates the user and, when one is due, its invitation: two streams, one transaction. */
@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async execute({ input, context }: CreateUserCommand): Promise<UserResource> {
    const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
    // A custom role id must name a role of the organization (the decider gets the fact).
    const customRoleExists = !isSystemRole(input.role) && !!(await findRole(this.dataSource, context.org_id, input.role));
    const user = new UserAggregate(decision.ids.next('usr'));
    const invitationId = input.send_invitation ? decision.ids.next('inv') : null;
    user.execute(
      {
        type: 'CreateUser',
        userId: user.id,
        name: input.name,
        email: input.email,
        role: input.role,
        sendInvitation: input.send_invitation,
        workspaceIds: input.workspace_ids,
        invitationId,
        customRoleExists,
      },
      decision,
    );
    const changed: (UserAggregate | InvitationAggregate)[] = [user];
    if (invitationId && user.state.exists) {
      const invitation = new InvitationAggregate(invitationId);
      invitation.execute(
        {
          type: 'IssueInvitation',
          invitationId,
          userId: user.id,
          email: user.state.email,
          name: user.state.name,
          role: user.state.role,
          workspaceId: null,
          tokenNonce: randomBytes(16).toString('base64url'),
          ttlDays: this.config.invitationTtlDays,
        },
        decision,
      );
      changed.push(invitation);
    }
    await this.repository.save(changed, context, decision.now);
    const [row] = (await this.dataSource.query(`SELECT * FROM users WHERE id = $1`, [user.id])) as UserRow[];
    return toUserResource(row);
  }
}
