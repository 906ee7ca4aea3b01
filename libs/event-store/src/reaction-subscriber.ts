import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { eventsTopic, type BoundedContext } from '@steward/contracts';
import { createKafka, EventSubscriber } from '@steward/messaging';
import { EventReactor, type EventReaction } from './event-reactor';

export interface ReactionSubscriberOptions {
  /** Consumer group (namespaced), Kafka client id, processed-event ledger name and log context. */
  consumer: string;
  /** Contexts whose events topics to read, from the beginning. */
  contexts: BoundedContext[];
  /** Applied in order to every event (replicas first, then the reactions that read them). */
  reactions: EventReaction[];
}

/**
 * The one wiring of a service's reactions to other events: an EventSubscriber over the given
 * topics feeding an EventReactor (each event applied once: the processed-event ledger and the
 * appended events in one transaction), started with the app and stopped before the database
 * closes, so the batch in flight finishes and the consumer leaves its group.
 */
export abstract class ReactionSubscriber implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscriber: EventSubscriber;

  protected constructor(dataSource: DataSource, options: ReactionSubscriberOptions) {
    const logger = new Logger(options.consumer);
    const reactor = new EventReactor(dataSource, options.consumer, options.reactions);
    this.subscriber = new EventSubscriber(createKafka(options.consumer), {
      name: options.consumer,
      topics: options.contexts.map((context) => eventsTopic(context)),
      fromBeginning: true,
      handle: async (events) => {
        const applied = await reactor.handle(events);
        if (applied.length) logger.debug?.({ events: applied.length }, 'events applied');
      },
      onInvalid: ({ topic, partition, offset, reason }) => logger.warn({ topic, partition, offset, reason }, 'skipped an invalid event message'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriber.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriber.stop();
  }
}
