import { InvitationsRpc, WorkspaceInvitationsRpc } from '@steward/contracts';
import { commandRoute, queryRoute } from '@steward/service-kit';
import { AcceptInvitationCommand } from './commands/accept-invitation/accept-invitation.command';
import { DeclineInvitationCommand } from './commands/decline-invitation/decline-invitation.command';
import { InviteToWorkspaceCommand } from './commands/invite-to-workspace/invite-to-workspace.command';
import { ResendInvitationCommand } from './commands/resend-invitation/resend-invitation.command';
import { RevokeInvitationCommand } from './commands/revoke-invitation/revoke-invitation.command';
import { ListInvitationsQuery } from './queries/list-invitations/list-invitations.query';

export const invitationRpcRoutes = [
  queryRoute(InvitationsRpc.ListInvitations, (payload, context) => new ListInvitationsQuery(context.org_id, payload)),
  commandRoute(InvitationsRpc.RevokeInvitation, (payload, context) => new RevokeInvitationCommand(payload.id, payload.expected_version, context)),
  commandRoute(InvitationsRpc.ResendInvitation, (payload, context) => new ResendInvitationCommand(payload.user_id, context)),
  commandRoute(InvitationsRpc.AcceptInvitation, (payload, context) => new AcceptInvitationCommand(payload.token, context)),
  commandRoute(InvitationsRpc.DeclineInvitation, (payload, context) => new DeclineInvitationCommand(payload.token, context)),
  commandRoute(WorkspaceInvitationsRpc.InviteToWorkspace, (payload, context) => new InviteToWorkspaceCommand(payload, context)),
];
