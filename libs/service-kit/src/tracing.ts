import type { IncomingHttpHeaders } from 'node:http';
import { childTraceContext, formatTraceparent, parseTraceparent } from '@steward/contracts';

/** Trace fields of a log line (`trace_id`, `span_id`), from a `traceparent`. */
export interface TraceLogFields {
  trace_id?: string;
  span_id?: string;
}

export function traceLogFields(traceparent: string | undefined): TraceLogFields {
  const context = parseTraceparent(traceparent);
  return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
}

/** The span an app serves one HTTP request in. */
export interface HttpRequestTrace {
  /** The `traceparent` of this span: sent on with every RPC call, returned to the client. */
  traceparent: string;
  trace_id: string;
  span_id: string;
}

/**
 * The trace of each request in flight, by Node's raw request (not a property added to Node's
 * IncomingMessage objects, which Node's own HTTP code works on: they keep their shape).
 */
const traces = new WeakMap<object, HttpRequestTrace>();

/**
 * The trace of an HTTP request (Node's raw request): a span of this app under the client's valid
 * `traceparent`, else a new trace. Made once per request and kept for it, so the access log, the
 * response header and the RPC calls of one request agree, whichever asks first.
 */
export function httpRequestTrace(raw: object): HttpRequestTrace {
  const held = traces.get(raw);
  if (held) return held;
  const span = childTraceContext(parseTraceparent((raw as { headers?: IncomingHttpHeaders }).headers?.traceparent));
  const trace = { traceparent: formatTraceparent(span), trace_id: span.traceId, span_id: span.spanId };
  traces.set(raw, trace);
  return trace;
}
