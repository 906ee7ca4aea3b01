import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventsTopic } from '@steward/contracts';
import { EventReactor } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
import { DeleteDestinationsWhenWorkspaceIsDeleted } from '../destinations/reactions/delete-destinations-when-workspace-is-deleted';
import { WorkspacesReplicaProjection } from './workspaces-replica.projection';

/**
 * Consumes the workspace service's events for key-vault: keeps the workspaces replica, then runs
 * the reactions of the same event (a deleted workspace's destinations go with it). Each event is
 * applied once (EventReactor: processed-event ledger and appends in one transaction).
 */
@Injectable()
export class WorkspaceEventsSubscriber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'key-vault-workspaces';
  private readonly logger = new Logger('WorkspaceEvents');
  private readonly reactor: EventReactor;
  private readonly subscriber: EventSubscriber;

  constructor(dataSource: DataSource, replica: WorkspacesReplicaProjection, whenWorkspaceIsDeleted: DeleteDestinationsWhenWorkspaceIsDeleted) {
    this.reactor = new EventReactor(dataSource, WorkspaceEventsSubscriber.consumer, [replica, whenWorkspaceIsDeleted]);
    this.subscriber = new EventSubscriber(createKafka('key-vault-workspaces'), {
      name: WorkspaceEventsSubscriber.consumer,
      topics: [eventsTopic('workspace')],
      fromBeginning: true,
      handle: async (events) => {
        const applied = await this.reactor.handle(events);
        if (applied.length) this.logger.debug?.({ events: applied.length }, 'workspace events applied');
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
