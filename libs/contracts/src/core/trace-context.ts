import { randomFillSync } from 'node:crypto';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` that travels from
 * an HTTP request through Kafka headers into every event's metadata and every log line, so one
 * request's lines and events can be found across the apps by its trace id.
 *
 * `traceparent` = `version-traceid-parentid-flags`, e.g.
 * `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` (lowercase hex).
 */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero: the span that sends the context on. */
  spanId: string;
  /** 2 hex digits; bit 0 = sampled. */
  flags: string;
}

const HEX_VERSION = /^[0-9a-f]{2}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const FLAGS = /^[0-9a-f]{2}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
/** Length of a version-00 traceparent: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
const V00_LENGTH = 55;

/**
 * Reads a `traceparent` header the way the spec asks a receiver to: version 00 exactly, a
 * higher version by its first four fields (it may append more after a `-`), version `ff`,
 * uppercase hex, and all-zero ids are invalid. Returns undefined for anything invalid — the
 * receiver then starts a new trace. With several header values, the first counts.
 */
export function parseTraceparent(header: string | string[] | undefined | null): TraceContext | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length < V00_LENGTH) return undefined;
  const version = trimmed.slice(0, 2);
  if (!HEX_VERSION.test(version) || version === 'ff') return undefined;
  if (version === '00' ? trimmed.length !== V00_LENGTH : trimmed.length > V00_LENGTH && trimmed[V00_LENGTH] !== '-') return undefined;
  if (trimmed[2] !== '-' || trimmed[35] !== '-' || trimmed[52] !== '-') return undefined;
  const traceId = trimmed.slice(3, 35);
  const spanId = trimmed.slice(36, 52);
  const flags = trimmed.slice(53, 55);
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId) || !FLAGS.test(flags)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  // A higher version's flags may use bits we do not know: only `sampled` is carried on.
  return { traceId, spanId, flags: version === '00' ? flags : (parseInt(flags, 16) & 1 ? '01' : '00') };
}

/** The version-00 header for a context. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

// Ids come from one buffer refilled 256 ids at a time: a `randomBytes` call per request costs
// more than everything else here (the gateway makes one span per request).
const POOL = Buffer.alloc(8 * 256);
let poolOffset = POOL.length;

function randomHex(bytes: 8 | 16): string {
  if (poolOffset + bytes > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const hex = POOL.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

function newSpanId(): string {
  for (;;) {
    const id = randomHex(8);
    if (id !== ZERO_SPAN_ID) return id;
  }
}

/**
 * A new trace (a request that came without a valid `traceparent`, or work no request started).
 * Flagged sampled: Steward records its side of every trace (log lines, event metadata).
 */
export function newTraceContext(): TraceContext {
  let traceId = randomHex(16);
  while (traceId === ZERO_TRACE_ID) traceId = randomHex(16);
  return { traceId, spanId: newSpanId(), flags: '01' };
}

/**
 * A span of Steward's own under `parent` (the same trace, a new span id, the parent's flags),
 * or a new trace when there is no valid parent. Takes a context or a `traceparent` string.
 */
export function childTraceContext(parent?: TraceContext | string | null): TraceContext {
  const context = typeof parent === 'string' ? parseTraceparent(parent) : (parent ?? undefined);
  if (!context) return newTraceContext();
  return { traceId: context.traceId, spanId: newSpanId(), flags: context.flags };
}

/** The trace id of a `traceparent`, or undefined when it is not a valid one. */
export function traceIdOf(traceparent: string | undefined | null): string | undefined {
  return parseTraceparent(traceparent)?.traceId;
}
