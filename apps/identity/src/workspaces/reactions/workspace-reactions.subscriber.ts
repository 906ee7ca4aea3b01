import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventsTopic } from '@steward/contracts';
import { EventReactor } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
import { DirectoryWorkspacesProjection } from '../directory-workspaces.read-model';
import { RevokeInvitationsWhenWorkspaceIsDeleted } from './revoke-invitations-when-workspace-is-deleted';
import { TrackUserWorkspacesWhenMembershipChanges } from './track-user-workspaces-when-membership-changes';

/**
 * Consumes the workspace service's events: keeps the workspaces directory replica, revokes the
 * pending invitations of a deleted workspace (through events) and keeps users' `workspace_ids`.
 * Each event is applied once (EventReactor: processed-event ledger and appends in one transaction).
 */
@Injectable()
export class WorkspaceReactionsSubscriber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'identity-workspaces';
  private readonly logger = new Logger('WorkspaceReactions');
  private readonly reactor: EventReactor;
  private readonly subscriber: EventSubscriber;

  constructor(
    dataSource: DataSource,
    directory: DirectoryWorkspacesProjection,
    whenWorkspaceIsDeleted: RevokeInvitationsWhenWorkspaceIsDeleted,
    whenMembershipChanges: TrackUserWorkspacesWhenMembershipChanges,
  ) {
    this.reactor = new EventReactor(dataSource, WorkspaceReactionsSubscriber.consumer, [directory, whenWorkspaceIsDeleted, whenMembershipChanges]);
    this.subscriber = new EventSubscriber(createKafka('identity-workspaces'), {
      name: WorkspaceReactionsSubscriber.consumer,
      topics: [eventsTopic('workspace')],
      fromBeginning: true,
      handle: async (events) => {
        await this.reactor.handle(events);
      },
      onInvalid: ({ topic, partition, offset, reason }) => this.logger.warn({ topic, partition, offset, reason }, 'skipped an invalid event message'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriber.start();
  }

  /** Before the database closes: lets the batch in flight finish and the consumer leave its group. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriber.stop();
  }
}
