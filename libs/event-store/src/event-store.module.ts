import { Inject, Module, type DynamicModule, type BeforeApplicationShutdown, type OnApplicationBootstrap, type Provider, type Type } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Producer } from 'kafkajs';
import type { BoundedContext } from '@steward/contracts';
import { createKafka, watchProducer } from '@steward/messaging';
import { AggregateRepository, type InlineProjection } from './aggregate-repository';
import { PostgresEventStore } from './event-store';
import { OutboxRelay } from './outbox-relay';

export const EVENT_STORE_OPTIONS = Symbol('EVENT_STORE_OPTIONS');

export interface EventStoreModuleOptions {
  context: BoundedContext;
  /** Inline projections (injectable classes) run in every append transaction. */
  inlineProjections?: Type<InlineProjection>[];
  /** Providers the inline projections depend on (e.g. the service's config). */
  providers?: Provider[];
}

/** Runs the outbox relay for the service's lifetime. */
class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay?: OutboxRelay;
  private producer?: Producer;
  private unwatch?: () => void;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE_OPTIONS) private readonly options: EventStoreModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const producer = createKafka(`${this.options.context}-outbox`).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The idempotent producer needs unbounded retries to keep its guarantees; the relay loop
      // keeps rows in the outbox until a send succeeds, so an outage only delays publishing.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5000 },
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    this.producer = producer;
    // Its readiness: /health/ready reports the outbox producer with the app's other Kafka clients.
    this.unwatch = watchProducer(`producer ${this.options.context}.outbox`, producer, 'up');
    this.relay = new OutboxRelay(this.dataSource, producer, `outbox-relay:${this.options.context}`, {
      onError: (error) => this.logger.error({ err: error }, 'outbox relay error; retrying'),
    });
    this.relay.start();
  }

  /** Before modules are destroyed, so the relay finishes while its database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.producer?.disconnect();
    this.unwatch?.();
  }
}

@Module({})
export class EventStoreModule {
  static forService(options: EventStoreModuleOptions): DynamicModule {
    const projections = options.inlineProjections ?? [];
    return {
      module: EventStoreModule,
      providers: [
        { provide: EVENT_STORE_OPTIONS, useValue: options },
        ...(options.providers ?? []),
        { provide: PostgresEventStore, useFactory: () => new PostgresEventStore(options.context) },
        ...projections,
        {
          provide: AggregateRepository,
          inject: [DataSource, PostgresEventStore, ...projections],
          useFactory: (dataSource: DataSource, store: PostgresEventStore, ...inline: InlineProjection[]) =>
            new AggregateRepository(dataSource, store, inline),
        },
        OutboxRelayLifecycle,
      ],
      exports: [PostgresEventStore, AggregateRepository, ...projections],
    };
  }
}
