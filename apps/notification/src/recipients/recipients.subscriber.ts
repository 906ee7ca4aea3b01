import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReactionSubscriber } from '@steward/event-store';
import { DirectoryUsersProjection } from './directory-users.projection';
import { KeyVaultNamesProjection } from './key-vault-names.projection';
import { WorkspaceMembersProjection } from './workspace-members.projection';

/**
 * Keeps notification's replicas (users, workspaces and members, destinations, key names) from
 * identity's, workspace's and key-vault's events, each event applied once (EventReactor: the
 * processed-event ledger in the same transaction). The topics are not ordered with each other:
 * jobs that need these replicas read them when they run, not when they are queued.
 */
@Injectable()
export class RecipientsSubscriber extends ReactionSubscriber {
  static readonly consumer = 'notification-recipients';

  constructor(dataSource: DataSource, users: DirectoryUsersProjection, members: WorkspaceMembersProjection, names: KeyVaultNamesProjection) {
    super(dataSource, { consumer: RecipientsSubscriber.consumer, contexts: ['identity', 'workspace', 'key-vault'], reactions: [users, members, names] });
  }
}
