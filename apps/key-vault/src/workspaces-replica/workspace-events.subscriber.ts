import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReactionSubscriber } from '@steward/event-store';
import { DeleteDestinationsWhenWorkspaceIsDeleted } from '../destinations/reactions/delete-destinations-when-workspace-is-deleted';
import { WorkspacesReplicaProjection } from './workspaces-replica.projection';

/**
 * Consumes the workspace service's events for key-vault: keeps the workspaces replica, then runs
 * the reactions of the same event (a deleted workspace's destinations go with it). Each event is
 * applied once (EventReactor: processed-event ledger and appends in one transaction).
 */
@Injectable()
export class WorkspaceEventsSubscriber extends ReactionSubscriber {
  static readonly consumer = 'key-vault-workspaces';

  constructor(dataSource: DataSource, replica: WorkspacesReplicaProjection, whenWorkspaceIsDeleted: DeleteDestinationsWhenWorkspaceIsDeleted) {
    super(dataSource, { consumer: WorkspaceEventsSubscriber.consumer, contexts: ['workspace'], reactions: [replica, whenWorkspaceIsDeleted] });
  }
}
