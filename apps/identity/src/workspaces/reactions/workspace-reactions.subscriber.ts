import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReactionSubscriber } from '@steward/event-store';
import { DirectoryWorkspacesProjection } from '../directory-workspaces.read-model';
import { RevokeInvitationsWhenWorkspaceIsDeleted } from './revoke-invitations-when-workspace-is-deleted';
import { TrackUserWorkspacesWhenMembershipChanges } from './track-user-workspaces-when-membership-changes';

/**
 * Consumes the workspace service's events: keeps the workspaces directory replica, revokes the
 * pending invitations of a deleted workspace (through events) and keeps users' `workspace_ids`.
 * Each event is applied once (EventReactor: processed-event ledger and appends in one transaction).
 */
@Injectable()
export class WorkspaceReactionsSubscriber extends ReactionSubscriber {
  static readonly consumer = 'identity-workspaces';

  constructor(
    dataSource: DataSource,
    directory: DirectoryWorkspacesProjection,
    whenWorkspaceIsDeleted: RevokeInvitationsWhenWorkspaceIsDeleted,
    whenMembershipChanges: TrackUserWorkspacesWhenMembershipChanges,
  ) {
    super(dataSource, { consumer: WorkspaceReactionsSubscriber.consumer, contexts: ['workspace'], reactions: [directory, whenWorkspaceIsDeleted, whenMembershipChanges] });
  }
}
