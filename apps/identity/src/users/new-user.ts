import { DataSource } from 'typeorm';
import { isSystemRole } from '@steward/contracts';
import type { DecisionContext } from '@steward/event-store';
import type { IdentityConfig } from '../config/identity.config';
import { InvitationAggregate } from '../invitations/invitation.aggregate';
import { newTokenNonce } from '../invitations/invitation-tokens';
import { findRole } from '../roles/role.read-model';
import { UserAggregate } from './user.aggregate';

export interface NewUser {
  name: string;
  email: string;
  role: string;
  send_invitation: boolean;
  workspace_ids: string[];
  /** The workspace the invitation invites to (a workspace invitation to a new email); null for none. */
  invitation_workspace_id?: string | null;
}

/**
 * Decides a new user and, when one is due, its invitation: the streams to save together, in one
 * transaction (`POST /v1/users`, and a workspace invitation to an email the organization does
 * not know yet).
 */
export async function decideNewUser(
  dataSource: DataSource,
  config: Pick<IdentityConfig, 'invitationTtlDays'>,
  input: NewUser,
  decision: DecisionContext,
): Promise<{ user: UserAggregate; invitation: InvitationAggregate | null }> {
  // A custom role id must name a role of the organization (the decider gets the fact).
  const customRoleExists = !isSystemRole(input.role) && !!(await findRole(dataSource, decision.orgId, input.role));
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
  if (!invitationId || !user.state.exists) return { user, invitation: null };
  const invitation = new InvitationAggregate(invitationId);
  invitation.execute(
    {
      type: 'IssueInvitation',
      invitationId,
      userId: user.id,
      email: user.state.email,
      name: user.state.name,
      role: user.state.role,
      workspaceId: input.invitation_workspace_id ?? null,
      tokenNonce: newTokenNonce(),
      ttlDays: config.invitationTtlDays,
    },
    decision,
  );
  return { user, invitation };
}
