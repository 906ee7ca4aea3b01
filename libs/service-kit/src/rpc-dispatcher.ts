import { Controller, Inject, Injectable, Logger, type Type } from '@nestjs/common';
import { CommandBus, QueryBus, type ICommand, type IQuery } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  assertSchema,
  DomainError,
  formatTraceparent,
  newTraceContext,
  parseTraceparent,
  rpcTopic,
  type BoundedContext,
  type RequestContext,
  type RpcDefinition,
  type RpcPayload,
  type RpcReply,
  type RpcRequest,
} from '@steward/contracts';
import { withRequestLogging } from './logging';
import { rpcHandlingDuration } from './metrics';
import { traceLogFields } from './tracing';
import { isStoreUnavailable } from './store-unavailable';

/** Maps one RPC message name to a command or query of the service's CQRS buses. */
export interface RpcRoute {
  definition: RpcDefinition;
  kind: 'command' | 'query';
  build: (payload: never, context: RequestContext) => ICommand | IQuery;
}

export function commandRoute<D extends RpcDefinition>(definition: D, build: (payload: RpcPayload<D>, context: RequestContext) => ICommand): RpcRoute {
  return { definition, kind: 'command', build: build as RpcRoute['build'] };
}

export function queryRoute<D extends RpcDefinition>(definition: D, build: (payload: RpcPayload<D>, context: RequestContext) => IQuery): RpcRoute {
  return { definition, kind: 'query', build: build as RpcRoute['build'] };
}

export const RPC_ROUTES = Symbol('RPC_ROUTES');
export const SERVICE_CONTEXT = Symbol('SERVICE_CONTEXT');

function isRequestEnvelope(value: unknown): value is RpcRequest {
  const v = value as { name?: unknown; context?: { org_id?: unknown; request_id?: unknown; actor?: unknown } } | null;
  return (
    !!v &&
    typeof v.name === 'string' &&
    !!v.context &&
    typeof v.context.org_id === 'string' &&
    typeof v.context.request_id === 'string' &&
    typeof v.context.actor === 'object'
  );
}

/**
 * Validates an incoming RPC message against its contract and dispatches it to the CommandBus or
 * QueryBus. Domain errors become typed error replies; anything else is logged and answered
 * `internal` without internals.
 */
@Injectable()
export class RpcDispatcher {
  private readonly logger = new Logger('Rpc');
  private readonly routes: Map<string, RpcRoute>;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(RPC_ROUTES) routes: RpcRoute[],
    @Inject(SERVICE_CONTEXT) private readonly context: BoundedContext,
  ) {
    this.routes = new Map(routes.map((r) => [r.definition.name, r]));
  }

  async dispatch(message: unknown): Promise<RpcReply> {
    if (!isRequestEnvelope(message)) {
      return { ok: false, error: { code: 'invalid_request', message: 'malformed RPC message' } };
    }
    if (message.name === 'system.ping') return { ok: true, result: { service: this.context, ok: true } };
    // The service works in the caller's span (the gateway's span of the HTTP request): its log
    // lines and the events it appends carry that trace. A caller without one (a tool) gets a new one.
    const request = parseTraceparent(message.context.traceparent)
      ? message
      : { ...message, context: { ...message.context, traceparent: formatTraceparent(newTraceContext()) } };
    const trace = traceLogFields(request.context.traceparent);
    if (typeof message.deadline === 'number' && Date.now() > message.deadline) {
      // The caller has answered 503 already: executing now would change state behind its back.
      this.logger.warn(
        { rpc: message.name, request_id: message.context.request_id, ...trace, late_ms: Date.now() - message.deadline },
        'dropped an RPC request past its deadline',
      );
      rpcHandlingDuration.labels(message.name, 'dropped_late').observe(0);
      return { ok: false, error: { code: 'unavailable', message: 'the request arrived after its deadline' } };
    }
    const route = this.routes.get(message.name);
    if (!route) return { ok: false, error: { code: 'not_found', message: `unknown RPC ${message.name}` } };
    return withRequestLogging(this.context, { request_id: message.context.request_id, ...trace, rpc: message.name }, async () => {
      const started = process.hrtime.bigint();
      const reply = await this.execute(route, request);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const outcome = reply.ok ? 'ok' : reply.error.code;
      rpcHandlingDuration.labels(message.name, outcome).observe(seconds);
      this.logger.log({ outcome, duration_ms: Math.round(seconds * 10_000) / 10 }, 'rpc handled');
      return reply;
    });
  }

  private async execute(route: RpcRoute, message: RpcRequest): Promise<RpcReply> {
    try {
      const payload = assertSchema(route.definition.payload, message.payload, `${message.name} payload`);
      const built = route.build(payload as never, message.context);
      const result = route.kind === 'command' ? await this.commandBus.execute(built as ICommand) : await this.queryBus.execute(built as IQuery);
      return { ok: true, result } as RpcReply;
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.toBody() };
      if (isStoreUnavailable(error)) {
        this.logger.warn({ err: error, rpc: message.name }, 'RPC handler could not reach its database');
        return { ok: false, error: { code: 'unavailable', message: 'the service\'s database is unavailable' } };
      }
      this.logger.error({ err: error, rpc: message.name }, 'RPC handler failed');
      return { ok: false, error: { code: 'internal', message: 'internal error' } };
    }
  }
}

/** The service's one Kafka RPC endpoint: `steward.<context>.rpc`. */
export function rpcControllerFor(context: BoundedContext): Type<unknown> {
  @Controller()
  class RpcController {
    constructor(private readonly dispatcher: RpcDispatcher) {}

    @MessagePattern(rpcTopic(context))
    handle(@Payload() message: unknown): Promise<RpcReply> {
      return this.dispatcher.dispatch(message);
    }
  }
  return RpcController;
}
