import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorBody } from './errors';
import type { RequestContext } from './cloud-event';
import type { BoundedContext } from './topics';

/**
 * Gateway → service request/reply over Kafka. One request topic per service
 * (`steward.<context>.rpc`); the message names the command or query. Replies are data, never
 * exceptions: `{ok: true, result}` or `{ok: false, error}` with a stable error code.
 */
export interface RpcDefinition<N extends string = string, P extends TSchema = TSchema, R = unknown> {
  context: BoundedContext;
  name: N;
  payload: P;
  /** Phantom: the result type, for typed clients. */
  readonly __result?: R;
}

export function defineRpc<R>() {
  return <N extends string, P extends TSchema>(context: BoundedContext, name: N, payload: P): RpcDefinition<N, P, R> => ({
    context,
    name,
    payload,
  });
}

export type RpcPayload<D> = D extends RpcDefinition<string, infer P, unknown> ? Static<P> : never;
export type RpcResult<D> = D extends RpcDefinition<string, TSchema, infer R> ? R : never;

export interface RpcRequest<P = unknown> {
  name: string;
  payload: P;
  context: RequestContext;
  /**
   * Epoch ms after which the caller has stopped waiting (and answered 503). A service that
   * takes the request later — it was down, or far behind — drops it unexecuted, so a request
   * that got 503 does not take effect minutes later when the service is back.
   */
  deadline?: number;
}

export type RpcReply<R = unknown> = { ok: true; result: R } | { ok: false; error: ErrorBody };
