import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * How long requests in flight get to finish once the app stops; then their connections are
 * closed. Longer than the RPC timeout (10 s), so a request waiting on a service ends by itself.
 */
export const HTTP_DRAIN_MS = 25_000;

/** Something that stops taking work and finishes what it took (an RPC server). */
export interface Drainable {
  close(): Promise<void>;
}

/**
 * The first step of an app's shutdown (SIGTERM/SIGINT through Nest's shutdown hooks), before any
 * `beforeApplicationShutdown` hook stops relays, consumers and workers and before the database
 * closes: (1) the HTTP server stops accepting connections and finishes the requests in flight —
 * also those that arrive meanwhile on open keep-alive connections, whose responses then close
 * the connection; (2) the RPC server stops taking requests and sends the replies of those it took.
 * So nothing the app has accepted is cut off (unless it takes longer than HTTP_DRAIN_MS), and the
 * later steps find no new work coming in.
 */
@Injectable()
export class GracefulShutdown implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  private closing = false;
  private readonly afterHttp: Drainable[] = [];

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    // Node closes only idle keep-alive connections when the server closes; one busy then would
    // hold the close open until its keep-alive timeout. Answers sent while closing end theirs.
    fastify?.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  /** Drained after the HTTP server, in the order given. */
  drainAfterHttp(drainable: Drainable): void {
    this.afterHttp.push(drainable);
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    const started = Date.now();
    this.logger.log('shutting down: finishing the requests in flight');
    const server = this.adapterHost.httpAdapter?.getHttpServer?.() as Server | undefined;
    const cutOff = setTimeout(() => {
      this.logger.warn({ after_ms: HTTP_DRAIN_MS }, 'requests still in flight: closing their connections');
      server?.closeAllConnections();
    }, HTTP_DRAIN_MS);
    cutOff.unref();
    await this.adapterHost.httpAdapter?.close();
    clearTimeout(cutOff);
    for (const drainable of this.afterHttp) await drainable.close();
    this.logger.log({ duration_ms: Date.now() - started }, 'requests in flight finished');
  }
}
