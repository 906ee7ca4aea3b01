import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReactionSubscriber } from '@steward/event-store';
import { DirectoryUsersProjection } from '../directory-users.read-model';
import { AddMemberWhenInvitationIsAccepted } from './add-member-when-invitation-is-accepted';
import { AddMembersWhenUserIsCreated } from './add-members-when-user-is-created';
import { RemoveMembershipsWhenUserIsDeleted } from './remove-memberships-when-user-is-deleted';
import { RemoveMembershipsWhenWorkspaceIsDeleted } from './remove-memberships-when-workspace-is-deleted';

/**
 * Consumes identity's events (users, invitations) and the workspace context's own
 * (`workspace.deleted`) for memberships: keeps the users directory replica and adds or ends
 * memberships through events. Each event is applied once (EventReactor: processed-event ledger
 * and appends in one transaction). The directory is kept before the reactions of the same event.
 */
@Injectable()
export class MembershipReactionsSubscriber extends ReactionSubscriber {
  static readonly consumer = 'workspace-memberships';

  constructor(
    dataSource: DataSource,
    directory: DirectoryUsersProjection,
    whenInvitationIsAccepted: AddMemberWhenInvitationIsAccepted,
    whenUserIsCreated: AddMembersWhenUserIsCreated,
    whenUserIsDeleted: RemoveMembershipsWhenUserIsDeleted,
    whenWorkspaceIsDeleted: RemoveMembershipsWhenWorkspaceIsDeleted,
  ) {
    super(dataSource, { consumer: MembershipReactionsSubscriber.consumer, contexts: ['identity', 'workspace'], reactions: [directory, whenInvitationIsAccepted, whenUserIsCreated, whenUserIsDeleted, whenWorkspaceIsDeleted] });
  }
}
