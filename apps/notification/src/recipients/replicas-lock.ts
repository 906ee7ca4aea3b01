import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { CloudEvent } from '@steward/contracts';
import type { EventReaction } from '@steward/event-store';
import { DirectoryUsersProjection } from './directory-users.projection';
import { KeyVaultNamesProjection } from './key-vault-names.projection';
import { WorkspaceMembersProjection } from './workspace-members.projection';

/** Notification's replicas of other services' data: what a rebuild rebuilds and swaps in. */
export const REPLICA_TABLES = ['directory_users', 'workspaces', 'workspace_members', 'destinations', 'api_key_names'] as const;

/**
 * Advisory lock over the replica tables as a whole: the live consumer takes it shared in each
 * batch's transaction before it writes a replica; a rebuild takes it exclusively while it
 * catches up and swaps its tables in, so no batch writes half into the old tables and half
 * into the new ones.
 */
const REPLICAS_LOCK = 'notification:replicas';

/** The rebuild's side: a session lock on its own connection, until `unlockReplicas`. */
export async function lockReplicasExclusive(session: QueryRunner): Promise<void> {
  await session.query('SELECT pg_advisory_lock(hashtext($1))', [REPLICAS_LOCK]);
}

export async function unlockReplicas(session: QueryRunner): Promise<void> {
  await session.query('SELECT pg_advisory_unlock(hashtext($1))', [REPLICAS_LOCK]);
}

/** The replica reactions in the order the live consumer and a rebuild apply them. */
export function replicaReactions(): EventReaction[] {
  return [new DirectoryUsersProjection(), new WorkspaceMembersProjection(), new KeyVaultNamesProjection()];
}

/**
 * The live consumer's first reaction to every replica event: takes the replicas lock shared,
 * once per transaction (the lock is released at commit), before any replica is written.
 */
@Injectable()
export class ReplicasLock implements EventReaction {
  readonly types = [...new Set(replicaReactions().flatMap((reaction) => reaction.types))];
  private readonly locked = new WeakSet<EntityManager>();

  async react(manager: EntityManager, _event: CloudEvent): Promise<void> {
    if (this.locked.has(manager)) return;
    await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [REPLICAS_LOCK]);
    this.locked.add(manager);
  }
}
