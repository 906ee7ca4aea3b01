import { Logger } from '@nestjs/common';
import { DomainError, hashApiKey, type ApiKeyPrincipal, type CloudEvent, type RequestContext } from '@steward/contracts';
import { ApiKeyCache } from './api-key-cache';
import type { GatewayRpcClient } from './rpc-client.provider';

/**
 * The cache's wiring without Kafka or key-vault: the subscription's reports and key-vault's
 * events are fed in by hand, key-vault's answers come from a fake RPC client, the clock is
 * jest's. (The pure rules are in api-key-cache.store / subscription-health specs.)
 */
const SECRET = 'sk_live_this-is-not-checked-here';
const T0 = Date.parse('2026-11-26T12:00:00.000Z');

function principal(overrides: Partial<ApiKeyPrincipal> = {}): ApiKeyPrincipal {
  return {
    key_id: 'key_a',
    organization_id: 'org_1',
    scopes: ['users:read'],
    workspace_id: null,
    destination_id: null,
    rate_limit_per_minute: null,
    status: 'active',
    expires_at: null,
    valid_until: null,
    ...overrides,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function event(type: string, data: Record<string, unknown>): CloudEvent {
  return { type, data } as unknown as CloudEvent;
}

function setup() {
  const call = jest.fn();
  const cache = new ApiKeyCache({ call } as unknown as GatewayRpcClient);
  const goLive = () => {
    cache.observe({ type: 'joined' });
    cache.observe({ type: 'fetched' });
  };
  return { cache, call, goLive };
}

const caller: RequestContext = { org_id: 'org_1', actor: { type: 'api_key', id: 'key_caller' }, request_id: 'req_1' };

beforeAll(() => Logger.overrideLogger(false));
beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => jest.useRealTimers());

describe('ApiKeyCache', () => {
  it('asks key-vault for every request until the subscription has joined and fetched (cold start)', async () => {
    const { cache, call } = setup();
    call.mockResolvedValue(principal());
    await cache.principalFor(SECRET, 'req_1');
    jest.advanceTimersByTime(1000); // past the window in which a lookup is shared
    await cache.principalFor(SECRET, 'req_2');
    expect(call).toHaveBeenCalledTimes(2);
    expect(call.mock.calls[0][1]).toEqual({ secret_hash: hashApiKey(SECRET) });
  });

  it('answers from the cache while the subscription is live', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    call.mockResolvedValue(principal());
    await cache.principalFor(SECRET, 'req_1');
    jest.advanceTimersByTime(1000);
    cache.observe({ type: 'fetched' });
    await expect(cache.principalFor(SECRET, 'req_2')).resolves.toEqual(principal());
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('drops a key the moment its revocation arrives: the next request asks key-vault, which refuses', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    call.mockResolvedValueOnce(principal());
    await cache.principalFor(SECRET, 'req_1');
    cache.apply([event('api_key.revoked', { key_id: 'key_a' })]);
    call.mockRejectedValueOnce(new DomainError('invalid_api_key', 'no'));
    jest.advanceTimersByTime(1);
    await expect(cache.principalFor(SECRET, 'req_2')).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('refuses, and does not cache, an answer that was in flight when the revocation arrived', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    const answer = deferred<ApiKeyPrincipal>();
    call.mockReturnValueOnce(answer.promise);
    const pending = cache.principalFor(SECRET, 'req_1');
    cache.apply([event('api_key.revoked', { key_id: 'key_a' })]);
    answer.resolve(principal()); // key-vault read the key before the revocation committed
    await expect(pending).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(cache.status().entries).toBe(0);
  });

  it('lets an answer in flight during a rotation through, without caching it', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    const answer = deferred<ApiKeyPrincipal>();
    call.mockReturnValueOnce(answer.promise);
    const pending = cache.principalFor(SECRET, 'req_1');
    cache.apply([event('api_key.rotated', { key_id: 'key_a' })]);
    answer.resolve(principal());
    await expect(pending).resolves.toEqual(principal());
    expect(cache.status().entries).toBe(0);
  });

  it('refuses a cached key once its expires_at has passed, without asking and before any event', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    call.mockResolvedValue(principal({ expires_at: new Date(T0 + 2000).toISOString(), valid_until: new Date(T0 + 2000).toISOString() }));
    await cache.principalFor(SECRET, 'req_1');
    jest.advanceTimersByTime(1000);
    cache.observe({ type: 'fetched' });
    await cache.principalFor(SECRET, 'req_2');
    jest.advanceTimersByTime(1000);
    cache.observe({ type: 'fetched' });
    await expect(cache.principalFor(SECRET, 'req_3')).rejects.toMatchObject({ code: 'invalid_api_key' });
    await expect(cache.verify(SECRET, caller)).resolves.toEqual({ valid: false, reason: 'expired' });
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('keeps a rotated-out secret only until its grace ends (valid_until), then asks again', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    call.mockResolvedValueOnce(principal({ valid_until: new Date(T0 + 3000).toISOString() }));
    await cache.principalFor(SECRET, 'req_1');
    jest.advanceTimersByTime(3000);
    cache.observe({ type: 'fetched' });
    call.mockRejectedValueOnce(new DomainError('invalid_api_key', 'no'));
    await expect(cache.principalFor(SECRET, 'req_2')).rejects.toMatchObject({ code: 'invalid_api_key' });
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('fails closed when the subscription goes silent: the cache is dropped, key-vault asked, and no answer is 503', async () => {
    const { cache, call, goLive } = setup();
    goLive();
    call.mockResolvedValueOnce(principal());
    await cache.principalFor(SECRET, 'req_1');
    jest.advanceTimersByTime(5001); // nothing fetched for longer than API_KEY_CACHE_STALE_MS
    call.mockRejectedValueOnce(new DomainError('unavailable', 'key-vault did not answer'));
    await expect(cache.principalFor(SECRET, 'req_2')).rejects.toMatchObject({ code: 'unavailable' });
    expect(cache.status()).toMatchObject({ live: false, entries: 0 });
  });

  it.each(['crashed', 'disconnected', 'stopped', 'rebalancing'] as const)('fails closed at once when the consumer reports %s', async (type) => {
    const { cache, call, goLive } = setup();
    goLive();
    call.mockResolvedValueOnce(principal());
    await cache.principalFor(SECRET, 'req_1');
    cache.observe(type === 'crashed' ? { type, restart: true } : { type });
    call.mockRejectedValueOnce(new Error('broker down'));
    jest.advanceTimersByTime(1);
    await expect(cache.principalFor(SECRET, 'req_2')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('does not cache what was looked up while the subscription was not trusted, even if it is by the answer', async () => {
    const { cache, call, goLive } = setup();
    const answer = deferred<ApiKeyPrincipal>();
    call.mockReturnValueOnce(answer.promise);
    const pending = cache.principalFor(SECRET, 'req_1');
    goLive();
    answer.resolve(principal());
    await pending;
    expect(cache.status().entries).toBe(0);
  });

  it('shares one lookup among concurrent requests for the same secret', async () => {
    const { cache, call } = setup();
    const answer = deferred<ApiKeyPrincipal>();
    call.mockReturnValueOnce(answer.promise);
    const both = Promise.all([cache.principalFor(SECRET, 'req_1'), cache.principalFor(SECRET, 'req_2')]);
    answer.resolve(principal());
    await both;
    expect(call).toHaveBeenCalledTimes(1);
  });

  describe('verify', () => {
    it('answers key-vault’s reason for a refused key', async () => {
      const { cache, call } = setup();
      call.mockResolvedValueOnce({ valid: false, reason: 'revoked' });
      await expect(cache.verify(SECRET, caller)).resolves.toEqual({ valid: false, reason: 'revoked' });
      expect(call.mock.calls[0][2]).toBe(caller);
    });

    it('answers a cached key of the caller’s organization without asking, and another organization’s as unknown', async () => {
      const { cache, call, goLive } = setup();
      goLive();
      call.mockResolvedValueOnce(principal());
      await cache.principalFor(SECRET, 'req_1');
      await expect(cache.verify(SECRET, caller)).resolves.toEqual({ valid: true, principal: principal() });
      await expect(cache.verify(SECRET, { ...caller, org_id: 'org_2' })).resolves.toEqual({ valid: false, reason: 'unknown' });
      expect(call).toHaveBeenCalledTimes(1);
    });
  });
});
