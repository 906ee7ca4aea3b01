import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { DomainError, type ApiKeyPrincipal } from '@steward/contracts';
import { SecretBox } from '../api-keys/secret-box';
import type { StewardRequest } from '../http/request-context';
import { canonicalJson, Idempotency, isReplayable, replay, requestFingerprint, type StoredResponse } from './idempotency';
import { LimitsRedis } from './limits-redis';

/** The parts of a Fastify reply the idempotency code uses. */
class FakeReply {
  statusCode = 200;
  readonly headers: Record<string, string> = {};
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }
  getHeader(name: string): string | undefined {
    return this.headers[name];
  }
}

const principal = (keyId: string) => ({ key_id: keyId, organization_id: 'org_1', scopes: ['admin'], rate_limit_per_minute: null }) as unknown as ApiKeyPrincipal;

function post(body: unknown, idempotencyKey?: string, { url = '/v1/users', keyId = 'key_a', method = 'POST' } = {}): StewardRequest {
  const headers = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
  return { method, url, body, headers, principal: principal(keyId), id: 'req_test' } as unknown as StewardRequest;
}

let idempotency: Idempotency;
let executions: number;

beforeEach(() => {
  delete process.env.REDIS_URL; // this process's memory: the logic, without Redis
  idempotency = new Idempotency(new LimitsRedis(), new SecretBox(randomBytes(32)));
  executions = 0;
});

/** What a route does: replay, or run (the handler answers `status`/`answer`) and settle. */
async function call(request: StewardRequest, status = 201, answer: unknown = { id: 'usr_1' }): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  const reply = new FakeReply();
  const stored = await idempotency.begin(request);
  if (stored) {
    const body = replay(reply as unknown as FastifyReply, stored);
    return { status: reply.statusCode, body: JSON.parse(body), headers: reply.headers };
  }
  executions += 1;
  reply.status(status).header('content-type', 'application/json; charset=utf-8').header('location', '/v1/users/usr_1').header('x-request-id', 'req_first');
  const payload = JSON.stringify(answer);
  await idempotency.settle(request, reply as unknown as FastifyReply, payload);
  return { status, body: answer, headers: reply.headers };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error.code;
}

describe('Idempotency-Key', () => {
  it('runs a request once and replays its status, body and headers for the same key and body', async () => {
    const first = await call(post({ name: 'Ada', email: 'ada@example.test' }, 'key-1'));
    const again = await call(post({ name: 'Ada', email: 'ada@example.test' }, 'key-1'), 500, { other: true });
    expect(executions).toBe(1);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers).toMatchObject({ 'idempotent-replayed': 'true', location: '/v1/users/usr_1', 'content-type': 'application/json; charset=utf-8' });
    expect(again.headers['x-request-id']).toBeUndefined();
  });

  it('is the same body in any key order', async () => {
    await call(post({ name: 'Ada', email: 'ada@example.test', workspace_ids: ['ws_1'] }, 'key-1'));
    const again = await call(post({ workspace_ids: ['ws_1'], email: 'ada@example.test', name: 'Ada' }, 'key-1'));
    expect(executions).toBe(1);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with another body or path: 422 idempotency_mismatch', async () => {
    await call(post({ name: 'Ada' }, 'key-1'));
    expect(await codeOf(call(post({ name: 'Bob' }, 'key-1')))).toBe('idempotency_mismatch');
    expect(await codeOf(call(post({ name: 'Ada' }, 'key-1', { url: '/v1/workspaces' })))).toBe('idempotency_mismatch');
    expect(executions).toBe(1);
  });

  it('keeps keys apart per API key', async () => {
    await call(post({ name: 'Ada' }, 'key-1', { keyId: 'key_a' }));
    const other = await call(post({ name: 'Ada' }, 'key-1', { keyId: 'key_b' }));
    expect(executions).toBe(2);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('runs concurrent duplicates once: the second waits for the first and gets its answer', async () => {
    const first = post({ name: 'Ada' }, 'key-1');
    await expect(idempotency.begin(first)).resolves.toBeUndefined(); // the first holds the key and runs
    const second = call(post({ name: 'Ada' }, 'key-1'));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the second is waiting
    const reply = new FakeReply().status(201).header('content-type', 'application/json');
    await idempotency.settle(first, reply as unknown as FastifyReply, JSON.stringify({ id: 'usr_first' }));
    await expect(second).resolves.toMatchObject({ status: 201, body: { id: 'usr_first' }, headers: { 'idempotent-replayed': 'true' } });
    expect(executions).toBe(0); // only the first ran (outside `call`)
  });

  it('refuses a different body at once while the first runs', async () => {
    await idempotency.begin(post({ name: 'Ada' }, 'key-1'));
    expect(await codeOf(idempotency.begin(post({ name: 'Bob' }, 'key-1')))).toBe('idempotency_mismatch');
  });

  it('does not keep a 5xx or a 400: the key is released and a retry runs', async () => {
    await call(post({ name: 'Ada' }, 'key-1'), 503, { error: { code: 'unavailable' } });
    await call(post({ name: 'Ada' }, 'key-1'), 400, { error: { code: 'invalid_request' } });
    const third = await call(post({ name: 'Ada' }, 'key-1'), 201);
    expect(executions).toBe(3);
    expect(third.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps a 409 like a 201: a retry gets the same conflict', async () => {
    await call(post({ email: 'taken@example.test' }, 'key-1'), 409, { error: { code: 'email_taken' } });
    const again = await call(post({ email: 'taken@example.test' }, 'key-1'));
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'email_taken' } } });
    expect(executions).toBe(1);
  });

  it('leaves requests without the header, other methods and keyless routes alone', async () => {
    await call(post({ name: 'Ada' }));
    await call(post({ name: 'Ada' }));
    await call(post({ name: 'Ada' }, 'key-1', { method: 'PATCH' }));
    await call(post({ name: 'Ada' }, 'key-1', { method: 'PATCH' }));
    const keyless = { ...post({ token: 't' }, 'key-1'), principal: undefined } as unknown as StewardRequest;
    await call(keyless);
    await call(keyless);
    expect(executions).toBe(6);
  });

  it('refuses a malformed Idempotency-Key: 400 invalid_request', async () => {
    expect(await codeOf(call(post({}, '')))).toBe('invalid_request');
    expect(await codeOf(call(post({}, 'x'.repeat(256))))).toBe('invalid_request');
    expect(await codeOf(call(post({}, 'tab\there')))).toBe('invalid_request');
    await expect(call(post({}, 'x'.repeat(255)))).resolves.toMatchObject({ status: 201 });
  });
});

describe('fingerprints', () => {
  it('canonical JSON sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson(undefined)).toBe('');
  });

  it('tells method, path and body apart', () => {
    const base = requestFingerprint('POST', '/v1/users', { a: 1 });
    expect(requestFingerprint('POST', '/v1/users', { a: 1 })).toBe(base);
    expect(requestFingerprint('POST', '/v1/users?x=1', { a: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/users', { a: 2 })).not.toBe(base);
    expect(requestFingerprint('POST', '/v1/users', '{"a":1}')).not.toBe(base);
  });

  it('keeps answers that ran, not refusals before running or server errors', () => {
    expect([200, 201, 204, 404, 409, 410, 412, 422].every(isReplayable)).toBe(true);
    expect([400, 429, 500, 503].some(isReplayable)).toBe(false);
  });
});

describe('replay', () => {
  it('sends the stored status and headers, marked as replayed', () => {
    const reply = new FakeReply();
    const stored: StoredResponse = { status: 201, headers: { etag: '"1"', 'cache-control': 'no-store' }, body: '{"id":"key_1"}' };
    expect(replay(reply as unknown as FastifyReply, stored)).toBe('{"id":"key_1"}');
    expect(reply.statusCode).toBe(201);
    expect(reply.headers).toEqual({ etag: '"1"', 'cache-control': 'no-store', 'idempotent-replayed': 'true' });
  });
});
