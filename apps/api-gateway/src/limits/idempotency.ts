import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@steward/contracts';
import { SecretBox } from '../api-keys/secret-box';
import type { StewardRequest } from '../http/request-context';
import { LimitsRedis } from './limits-redis';
import { MemoryIdempotencyStore, RedisIdempotencyStore, type IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/** Response headers that belong to the response itself and are replayed with it (not the request id, not RateLimit-*). */
const REPLAYED_RESPONSE_HEADERS = ['content-type', 'location', 'etag', 'cache-control'] as const;

/** 1–255 printable ASCII characters (a UUID, a ULID, any client-chosen token). */
const KEY_SHAPE = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

/** A response as stored for replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The request that holds an Idempotency-Key while it runs (attached to the request by `begin`). */
export interface IdempotencyClaim {
  key: string;
  claim: string;
  fingerprint: string;
  settled: boolean;
}

type IdempotencyRecord = { v: 1; state: 'running'; fingerprint: string; claim: string } | { v: 1; state: 'done'; fingerprint: string; response: string };

/** JSON with object keys sorted at every depth: the same body in any key order or spacing is the same body. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** What makes two requests "the same request": method, path with query, and body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method}\n${url}\n${canonicalJson(body)}`).digest('base64url');
}

/**
 * Which outcomes are kept for replay: what the endpoint answered once it ran — 2xx, and 4xx
 * such as 404 or 409 `email_taken`. Not kept (the key is released, and a retry runs again):
 * 400, a request refused before anything ran (the client may correct the body and retry with
 * the same key, as Stripe allows), 429, and 5xx — a 503 `unavailable` says "try again", and a
 * command that timed out was dropped unexecuted past its deadline.
 */
export function isReplayable(status: number): boolean {
  return status >= 200 && status < 500 && status !== 400 && status !== 429;
}

/** The Idempotency-Key of a request, checked; undefined when absent. */
export function idempotencyKeyOf(request: StewardRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !KEY_SHAPE.test(header)) {
    throw new DomainError('invalid_request', 'Idempotency-Key must be one header of 1 to 255 printable ASCII characters', [
      { field: 'Idempotency-Key', issue: 'format' },
    ]);
  }
  return header;
}

/** Sends a stored response again, marked `Idempotent-Replayed: true`; returns the body for the caller to send. */
export function replay(reply: FastifyReply, stored: StoredResponse): string {
  void reply.status(stored.status);
  for (const [name, value] of Object.entries(stored.headers)) void reply.header(name, value);
  void reply.header(REPLAYED_HEADER, 'true');
  return stored.body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `Idempotency-Key` on POST (API.md "Writes"), for every route that takes an API key — the Nest
 * routes through IdempotencyInterceptor and the native verify route alike:
 *
 * - `begin` (before the handler): the first request with a key claims `(API key, Idempotency-Key)`
 *   for `idempotencyLockMs` and runs. The same key with another method, path or body → 422
 *   `idempotency_mismatch`. The same request while the first runs waits for its outcome, polling
 *   (so concurrent duplicates, on any replica, run once); after the first has answered it gets
 *   that answer again, for 24 h.
 * - `settle` (Fastify onSend, after the handler): stores the response (status, the headers of
 *   REPLAYED_RESPONSE_HEADERS, body) if `isReplayable`, else releases the key — before the
 *   response leaves, so a retry that follows it always finds it.
 *
 * Stored responses are sealed with the gateway's SecretBox (AES-256-GCM under
 * KEY_ENCRYPTION_KEY; the record's key as associated data): the replay of a key creation must
 * give the client its secret again, and nothing readable of a response rests in Redis.
 *
 * With Redis configured but unreachable, a POST with Idempotency-Key answers 503 `unavailable`
 * (nothing runs): it cannot be made safe to retry without the shared store. A POST without the
 * header is not affected. Without Redis configured, records live in this process.
 */
@Injectable()
export class Idempotency {
  private readonly logger = new Logger('Idempotency');
  private readonly store: IdempotencyStore;

  constructor(
    private readonly redis: LimitsRedis,
    private readonly box: SecretBox,
  ) {
    this.store = redis.client ? new RedisIdempotencyStore(redis) : new MemoryIdempotencyStore();
  }

  /** The stored response to replay, or undefined: the request runs (and holds the key, if it has one). */
  async begin(request: StewardRequest): Promise<StoredResponse | undefined> {
    if (request.method !== 'POST' || !request.principal) return undefined;
    const idempotencyKey = idempotencyKeyOf(request);
    if (idempotencyKey === undefined) return undefined;
    const { idempotencyLockMs } = this.redis.settings;
    const key = this.redis.key('idem', request.principal.key_id, createHash('sha256').update(idempotencyKey).digest('base64url'));
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const claim = JSON.stringify({ v: 1, state: 'running', fingerprint, claim: randomUUID() } satisfies IdempotencyRecord);
    const deadline = Date.now() + idempotencyLockMs;
    for (let pause = 20; ; pause = Math.min(2 * pause, 200)) {
      let held: string | null;
      try {
        held = await this.store.claim(key, claim, idempotencyLockMs);
      } catch (error) {
        this.redis.failed(error);
        throw new DomainError('unavailable', 'requests with Idempotency-Key cannot be taken right now; retry later (nothing was executed)');
      }
      if (held === null) {
        request.idempotency = { key, claim, fingerprint, settled: false };
        return undefined;
      }
      const record = JSON.parse(held) as IdempotencyRecord;
      if (record.fingerprint !== fingerprint) {
        throw new DomainError('idempotency_mismatch', 'this Idempotency-Key was used with another request (method, path or body); use a new key for a new request');
      }
      if (record.state === 'done') return this.open(record.response, key);
      if (Date.now() + pause > deadline) {
        throw new DomainError('conflict', 'a request with this Idempotency-Key is still being processed; retry later');
      }
      await sleep(pause);
    }
  }

  /** Stores the outcome of a request that held a key, or releases the key. Never throws. */
  async settle(request: StewardRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const held = request.idempotency;
    if (!held || held.settled) return;
    held.settled = true;
    const status = reply.statusCode;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    try {
      if (isReplayable(status) && (body !== undefined || payload === undefined || payload === null)) {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_RESPONSE_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        const response = this.box.seal(JSON.stringify({ status, headers, body: body ?? '' } satisfies StoredResponse), held.key);
        const record = JSON.stringify({ v: 1, state: 'done', fingerprint: held.fingerprint, response } satisfies IdempotencyRecord);
        await this.store.settle(held.key, held.claim, record, this.redis.settings.idempotencyTtlMs);
      } else {
        await this.store.settle(held.key, held.claim, '', 0);
      }
    } catch (error) {
      // The response still goes out. Its key stays claimed until the lock expires, then a retry runs again.
      this.redis.failed(error);
      this.logger.error({ err: error instanceof Error ? error.message : String(error), request_id: request.id }, 'could not store the outcome of a request with Idempotency-Key');
    }
  }

  private open(sealed: string, key: string): StoredResponse {
    const opened = this.box.open(sealed, key);
    if (opened === undefined) {
      // Another KEY_ENCRYPTION_KEY than the replica that stored it (replicas must share one).
      this.logger.error('a stored idempotent response could not be decrypted; check KEY_ENCRYPTION_KEY');
      throw new DomainError('internal', 'the stored response could not be read');
    }
    return JSON.parse(opened) as StoredResponse;
  }
}
