import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { PostgresEventStore, outboxBacklog } from '@steward/event-store';
import { KafkaProbe } from '@steward/messaging';
import { GracefulShutdown } from './graceful-shutdown';
import { KafkaHealthIndicator } from './health';
import { enableProcessMetrics, metricsRegistry, metricsText, observeHttpRequest, registerScrapeGauge, startMetricsServer } from './metrics';

export interface OperationsOptions {
  /** The app's name: the `service` label of its metrics, its Kafka probe's client id. */
  app: string;
  /**
   * Where to serve `/metrics` alone instead of on the app's HTTP port (the gateway's HTTP port is
   * public); read when the app starts. Unset or returning undefined: `GET /metrics` on the app's
   * HTTP port.
   */
  metricsListener?: () => { port: number; host: string } | undefined;
}

export const OPERATIONS_OPTIONS = Symbol('OPERATIONS_OPTIONS');

/**
 * Every HTTP request of the app measured (`http_request_duration_seconds`, by route pattern —
 * native Fastify routes included), and `/metrics` served.
 */
@Injectable()
class HttpMetrics implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private listener?: { port: number; host: string };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
  ) {}

  onModuleInit(): void {
    this.listener = this.options.metricsListener?.();
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      observeHttpRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
      done();
    });
    if (!this.listener) {
      fastify.get('/metrics', async (_request, reply) => {
        void reply.header('content-type', metricsRegistry.contentType);
        return metricsText();
      });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.listener) this.server = await startMetricsServer(this.listener.port, this.listener.host);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

/** The gauges read on scrape: Kafka consumer lag of the app's groups, and the outbox backlog where there is an event store. */
@Injectable()
class OperationalMetrics implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly probe: KafkaProbe,
    @Inject(OPERATIONS_OPTIONS) private readonly options: OperationsOptions,
  ) {}

  onModuleInit(): void {
    enableProcessMetrics(this.options.app);
    registerScrapeGauge({
      name: 'steward_kafka_consumer_lag',
      help: "Messages on a topic's partitions after a consumer group's committed offsets (projections, reactions, RPC servers of this app).",
      labelNames: ['consumer', 'topic'],
      read: async () => (await this.probe.consumerLag(3000)).map(({ consumer, topic, lag }) => ({ labels: { consumer, topic }, value: lag })),
    });
    if (!this.optional(PostgresEventStore)) return;
    const dataSource = this.optional(DataSource);
    if (!dataSource) return;
    const backlog = (() => {
      let last: { at: number; value: Promise<{ rows: number; oldestSeconds: number }> } | undefined;
      return () => {
        if (!last || Date.now() - last.at > 1000) last = { at: Date.now(), value: outboxBacklog(dataSource) };
        return last.value;
      };
    })();
    registerScrapeGauge({
      name: 'steward_outbox_backlog',
      help: 'Events committed to the outbox and not yet published to Kafka.',
      labelNames: [],
      read: async () => [{ labels: {}, value: (await backlog()).rows }],
    });
    registerScrapeGauge({
      name: 'steward_outbox_oldest_age_seconds',
      help: 'How long the oldest unpublished outbox event has waited (0 when none waits).',
      labelNames: [],
      read: async () => [{ labels: {}, value: (await backlog()).oldestSeconds }],
    });
  }

  private optional<T>(token: abstract new (...args: never[]) => T): T | undefined {
    try {
      return this.moduleRef.get(token, { strict: false });
    } catch {
      return undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
  }
}

/**
 * What every app has for operations (docs/operations.md): Terminus health checks (each app's
 * health controller uses them), Prometheus metrics and `/metrics`, the Kafka probe, and the
 * graceful shutdown. Services get it through ServiceKitModule; the gateway imports it itself.
 */
@Module({})
export class OperationsModule {
  static forApp(options: OperationsOptions): DynamicModule {
    return {
      module: OperationsModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      providers: [
        { provide: OPERATIONS_OPTIONS, useValue: options },
        { provide: KafkaProbe, useFactory: () => new KafkaProbe(`${options.app}-probe`) },
        KafkaHealthIndicator,
        GracefulShutdown,
        HttpMetrics,
        OperationalMetrics,
      ],
      exports: [TerminusModule, KafkaHealthIndicator, GracefulShutdown],
    };
  }
}
