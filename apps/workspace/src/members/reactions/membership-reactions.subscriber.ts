import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventsTopic } from '@steward/contracts';
import { EventReactor } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
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
export class MembershipReactionsSubscriber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'workspace-memberships';
  private readonly logger = new Logger('MembershipReactions');
  private readonly reactor: EventReactor;
  private readonly subscriber: EventSubscriber;

  constructor(
    dataSource: DataSource,
    directory: DirectoryUsersProjection,
    whenInvitationIsAccepted: AddMemberWhenInvitationIsAccepted,
    whenUserIsCreated: AddMembersWhenUserIsCreated,
    whenUserIsDeleted: RemoveMembershipsWhenUserIsDeleted,
    whenWorkspaceIsDeleted: RemoveMembershipsWhenWorkspaceIsDeleted,
  ) {
    this.reactor = new EventReactor(dataSource, MembershipReactionsSubscriber.consumer, [
      directory,
      whenInvitationIsAccepted,
      whenUserIsCreated,
      whenUserIsDeleted,
      whenWorkspaceIsDeleted,
    ]);
    this.subscriber = new EventSubscriber(createKafka('workspace-memberships'), {
      name: MembershipReactionsSubscriber.consumer,
      topics: [eventsTopic('identity'), eventsTopic('workspace')],
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
