import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventsTopic } from '@steward/contracts';
import { EventReactor } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
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
export class RecipientsSubscriber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'notification-recipients';
  private readonly logger = new Logger('RecipientReplicas');
  private readonly reactor: EventReactor;
  private readonly subscriber: EventSubscriber;

  constructor(dataSource: DataSource, users: DirectoryUsersProjection, members: WorkspaceMembersProjection, names: KeyVaultNamesProjection) {
    this.reactor = new EventReactor(dataSource, RecipientsSubscriber.consumer, [users, members, names]);
    this.subscriber = new EventSubscriber(createKafka('notification-recipients'), {
      name: RecipientsSubscriber.consumer,
      topics: [eventsTopic('identity'), eventsTopic('workspace'), eventsTopic('key-vault')],
      fromBeginning: true,
      handle: async (events) => {
        const applied = await this.reactor.handle(events);
        if (applied.length) this.logger.debug?.({ events: applied.length }, 'recipient replicas updated');
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
