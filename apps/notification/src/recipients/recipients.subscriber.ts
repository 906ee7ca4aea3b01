import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReactionSubscriber } from '@steward/event-store';
import { DirectoryUsersProjection } from './directory-users.projection';
import { KeyVaultNamesProjection } from './key-vault-names.projection';
import { ReplicasLock } from './replicas-lock';
import { WorkspaceMembersProjection } from './workspace-members.projection';

/**
 * Keeps notification's replicas (users, workspaces and members, destinations, key names) from
 * identity's, workspace's and key-vault's events, each event applied once (EventReactor: the
 * processed-event ledger in the same transaction). The topics are not ordered with each other:
 * jobs that need these replicas read them when they run, not when they are queued.
 * `npm run projections:rebuild -- notification` rebuilds the same tables from the event stores
 * with the same reactions (rebuild/rebuild-replicas.ts); the replicas lock keeps the two apart.
 */
@Injectable()
export class RecipientsSubscriber extends ReactionSubscriber {
  static readonly consumer = 'notification-recipients';
  static readonly contexts = ['identity', 'workspace', 'key-vault'] as const;

  constructor(
    dataSource: DataSource,
    lock: ReplicasLock,
    users: DirectoryUsersProjection,
    members: WorkspaceMembersProjection,
    names: KeyVaultNamesProjection,
  ) {
    super(dataSource, { consumer: RecipientsSubscriber.consumer, contexts: [...RecipientsSubscriber.contexts], reactions: [lock, users, members, names] });
  }
}
