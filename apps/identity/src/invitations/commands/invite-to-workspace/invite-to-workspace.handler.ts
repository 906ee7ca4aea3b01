import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { isSystemRole, notFound, typeIdGenerator, type InvitationResource } from '@steward/contracts';
import { AggregateRepository, withConcurrencyRetry, type DecisionContext } from '@steward/event-store';
import { IDENTITY_CONFIG, type IdentityConfig } from '../../../config/identity.config';
import { findRole } from '../../../roles/role.read-model';
import { decideNewUser } from '../../../users/new-user';
import type { UserRow } from '../../../users/user.read-model';
import { isDeletedWorkspace } from '../../../workspaces/directory-workspaces.read-model';
import { InvitationAggregate } from '../../invitation.aggregate';
import { newTokenNonce } from '../../invitation-tokens';
import { INVITATION_COLUMNS, toInvitationResource, type InvitationRow } from '../../invitation.read-model';
import { InviteToWorkspaceCommand } from './invite-to-workspace.command';

/** A new user's name until they or an admin set one: the local part of the address. */
export const nameFromEmail = (email: string) => email.trim().split('@')[0] || email.trim();

/**
 * An invitation to a workspace, by email. An address the organization does not know becomes an
 * `invited` user (the same decision as `POST /v1/users`) whose invitation names the workspace; an
 * existing invited or active user gets a new invitation to it, which replaces (revokes) a pending
 * one of theirs to the same workspace. `invitation.created` makes the email (notification), and
 * `invitation.accepted` the membership (workspace service).
 */
@CommandHandler(InviteToWorkspaceCommand)
export class InviteToWorkspaceHandler implements ICommandHandler<InviteToWorkspaceCommand, InvitationResource> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  execute({ input, context }: InviteToWorkspaceCommand): Promise<InvitationResource> {
    return withConcurrencyRetry(async () => {
      const decision: DecisionContext = { now: new Date(), ids: typeIdGenerator, actor: context.actor, orgId: context.org_id };
      // The workspace service said it exists; a deletion seen here since then wins.
      if (await isDeletedWorkspace(this.dataSource, context.org_id, input.workspace_id)) throw notFound('workspace');
      const [user] = (await this.dataSource.query(`SELECT id, name, email, status, workspace_ids FROM users WHERE org_id = $1 AND email_lower = $2`, [
        context.org_id,
        input.email.trim().toLowerCase(),
      ])) as Pick<UserRow, 'id' | 'name' | 'email' | 'status' | 'workspace_ids'>[];
      const invitationId = user ? await this.inviteExistingUser(input, user, decision, context) : await this.inviteNewUser(input, decision, context);
      const [row] = (await this.dataSource.query(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = $1`, [invitationId])) as InvitationRow[];
      return toInvitationResource(row, decision.now);
    });
  }

  private async inviteNewUser(input: InviteToWorkspaceCommand['input'], decision: DecisionContext, context: InviteToWorkspaceCommand['context']): Promise<string> {
    const { user, invitation } = await decideNewUser(
      this.dataSource,
      this.config,
      { name: nameFromEmail(input.email), email: input.email, role: input.role, send_invitation: true, workspace_ids: [], invitation_workspace_id: input.workspace_id },
      decision,
    );
    if (!invitation) throw new Error('a new user invited to a workspace has an invitation');
    await this.repository.save([user, invitation], context, decision.now);
    return invitation.id;
  }

  private async inviteExistingUser(
    input: InviteToWorkspaceCommand['input'],
    user: Pick<UserRow, 'id' | 'name' | 'email' | 'status' | 'workspace_ids'>,
    decision: DecisionContext,
    context: InviteToWorkspaceCommand['context'],
  ): Promise<string> {
    const roleKnown = isSystemRole(input.role) || !!(await findRole(this.dataSource, context.org_id, input.role));
    const invitation = new InvitationAggregate(decision.ids.next('inv'));
    invitation.execute(
      {
        type: 'IssueInvitation',
        invitationId: invitation.id,
        userId: user.id,
        email: user.email,
        name: user.name,
        role: input.role,
        workspaceId: input.workspace_id,
        tokenNonce: newTokenNonce(),
        ttlDays: this.config.invitationTtlDays,
        existingUser: { status: user.status, member: user.workspace_ids.includes(input.workspace_id), roleKnown },
      },
      decision,
    );
    // One pending invitation per user and workspace: the new one replaces an older one.
    const superseded = await this.pendingFor(context.org_id, user.id, input.workspace_id);
    for (const old of superseded) old.execute({ type: 'RevokeInvitation' }, decision);
    await this.repository.save([...superseded, invitation], context, decision.now);
    return invitation.id;
  }

  private async pendingFor(orgId: string, userId: string, workspaceId: string): Promise<InvitationAggregate[]> {
    const rows = (await this.dataSource.query(`SELECT id FROM invitations WHERE org_id = $1 AND user_id = $2 AND workspace_id = $3 AND status = 'pending'`, [
      orgId,
      userId,
      workspaceId,
    ])) as { id: string }[];
    const loaded = await Promise.all(rows.map((r) => this.repository.load(new InvitationAggregate(r.id))));
    return loaded.filter((i) => i.state.exists && i.state.status === 'pending');
  }
}
