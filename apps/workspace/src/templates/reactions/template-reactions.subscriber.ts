import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventsTopic } from '@steward/contracts';
import { EventReactor } from '@steward/event-store';
import { createKafka, EventSubscriber } from '@steward/messaging';
import { DeleteTemplatesWhenWorkspaceIsDeleted } from './delete-templates-when-workspace-is-deleted';

/**
 * Consumes the workspace context's own events for templates: a `workspace.deleted` deletes the
 * workspace's templates. Each event is applied once (EventReactor: processed-event ledger and
 * appends in one transaction).
 */
@Injectable()
export class TemplateReactionsSubscriber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly consumer = 'workspace-templates';
  private readonly logger = new Logger('TemplateReactions');
  private readonly reactor: EventReactor;
  private readonly subscriber: EventSubscriber;

  constructor(dataSource: DataSource, whenWorkspaceIsDeleted: DeleteTemplatesWhenWorkspaceIsDeleted) {
    this.reactor = new EventReactor(dataSource, TemplateReactionsSubscriber.consumer, [whenWorkspaceIsDeleted]);
    this.subscriber = new EventSubscriber(createKafka('workspace-templates'), {
      name: TemplateReactionsSubscriber.consumer,
      topics: [eventsTopic('workspace')],
      fromBeginning: true,
      handle: async (events) => {
        const applied = await this.reactor.handle(events);
        if (applied.length) this.logger.debug?.({ events: applied.length }, 'template reactions applied');
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
