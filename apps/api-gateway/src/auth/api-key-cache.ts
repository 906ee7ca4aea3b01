import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  ApiKeyVerificationRpc,
  DomainError,
  KeyVaultRpc,
  eventsTopic,
  hashApiKey,
  newId,
  type ApiKeyPrincipal,
  type ApiKeyVerification,
  type CloudEvent,
  type RequestContext,
} from '@steward/contracts';
import { EventSubscriber, RPC_TIMEOUT_MS, createKafka, type SubscriberStatus } from '@steward/messaging';
import { envInt } from '@steward/service-kit';
import { ApiKeyCacheStore, type KeyInvalidation } from './api-key-cache.store';
import { GatewayRpcClient } from './rpc-client.provider';
import { SubscriptionHealth } from './subscription-health';

/** The cache's settings, read and checked once at start (docs/configuration.md). */
export function cacheSettings() {
  return {
    ttlMs: envInt('API_KEY_CACHE_TTL_MS', 300_000, { min: 0, max: 3_600_000 }),
    maxEntries: envInt('API_KEY_CACHE_MAX_ENTRIES', 100_000, { min: 1, max: 10_000_000 }),
    staleAfterMs: envInt('API_KEY_CACHE_STALE_MS', 5_000, { min: 1_000, max: 60_000 }),
    // Longer than any lookup may take, so that no answer in flight outlives its key's tombstone.
    tombstoneTtlMs: Math.max(60_000, 2 * RPC_TIMEOUT_MS),
    maxTombstones: 100_000,
    /** A request may share a lookup of the same secret started at most this long before it. */
    shareLookupMs: 100,
  };
}

const INVALIDATIONS: Record<string, KeyInvalidation> = {
  'api_key.revoked': 'revoked',
  'api_key.expired': 'expired',
  'api_key.rotated': 'rotated',
};

const INVALID_KEY_MESSAGE = 'The provided API key is invalid or has been revoked.';

/** A verification, with the key's principal also on a refusal the gateway decided itself. */
type Resolution = { valid: true; principal: ApiKeyPrincipal } | { valid: false; reason: ApiKeyVerificationRefusal; principal?: ApiKeyPrincipal };
type ApiKeyVerificationRefusal = Extract<ApiKeyVerification, { valid: false }>['reason'];

interface Lookup {
  startedAt: number;
  answer: Promise<Resolution>;
}

/**
 * Resolves presented secrets (by SHA-256; the secret itself is never kept) to their key's
 * principal, with a local cache fed by key-vault's events.
 *
 * - Each gateway process consumes `steward.key-vault.events` in a consumer group of its own
 *   (every replica sees every event) from the latest offset; `api_key.revoked`, `.expired` and
 *   `.rotated` drop every cached secret of the key the moment they arrive.
 * - A miss asks key-vault (`api_keys.authenticate`, or `api_keys.verify` for the verify
 *   endpoint) and caches a positive answer for `API_KEY_CACHE_TTL_MS`, capped by the key's
 *   `expires_at` and the secret's `valid_until` (a rotated-out secret's grace), which are also
 *   honoured locally before any event.
 * - The answer to a lookup in flight when its key was invalidated is not cached, and refused if
 *   the key was revoked or expired (ApiKeyCacheStore's tickets and tombstones).
 * - Fail closed: until the subscription has joined and fetched (cold start), and whenever it
 *   lapses (crash, rebalance, disconnect, nothing fetched for `API_KEY_CACHE_STALE_MS`), the
 *   cache is dropped and not consulted: every request asks key-vault, and when key-vault cannot
 *   be asked the answer is 503 `unavailable`, never a pass.
 */
@Injectable()
export class ApiKeyCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ApiKeyCache');
  private readonly settings = cacheSettings();
  private readonly store = new ApiKeyCacheStore(this.settings);
  private readonly health = new SubscriptionHealth(this.settings.staleAfterMs, () => this.onLapse());
  private readonly lookups = new Map<string, Lookup>();
  private readonly subscriber: EventSubscriber;
  private stopping = false;

  constructor(private readonly rpc: GatewayRpcClient) {
    this.subscriber = new EventSubscriber(createKafka('gateway-key-cache'), {
      name: 'gateway-key-cache',
      group: 'per-process',
      topics: [eventsTopic('key-vault')],
      handle: async (events) => this.apply(events),
      onStatus: (status) => this.observe(status),
      onInvalid: ({ topic, partition, offset, reason }) => this.logger.warn({ topic, partition, offset, reason }, 'skipped an invalid event message'),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriber.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscriber.stop();
  }

  /** The principal of a presented key, for the guard; an unusable key → 401 `invalid_api_key`. */
  async principalFor(secret: string, requestId: string): Promise<ApiKeyPrincipal> {
    const hash = hashApiKey(secret);
    const context: RequestContext = { org_id: 'system', actor: { type: 'system', id: 'gateway' }, request_id: requestId || newId('req') };
    const result = await this.resolve(hash, `authenticate:${hash}`, async () => {
      try {
        return { valid: true, principal: await this.rpc.call(KeyVaultRpc.Authenticate, { secret_hash: hash }, context) };
      } catch (error) {
        if (error instanceof DomainError && error.code === 'invalid_api_key') return { valid: false, reason: 'unknown' };
        throw error;
      }
    });
    if (!result.valid) throw new DomainError('invalid_api_key', INVALID_KEY_MESSAGE);
    return result.principal;
  }

  /**
   * What a well-formed key is, for `POST /v1/api-keys/verify`, seen from the caller's
   * organization: another organization's key is `unknown`.
   */
  async verify(secret: string, context: RequestContext): Promise<ApiKeyVerification> {
    const hash = hashApiKey(secret);
    const result = await this.resolve(hash, `verify:${context.org_id}:${hash}`, () =>
      this.rpc.call(ApiKeyVerificationRpc.Verify, { secret_hash: hash }, context),
    );
    if (result.principal && result.principal.organization_id !== context.org_id) return { valid: false, reason: 'unknown' };
    return result.valid ? result : { valid: false, reason: result.reason };
  }

  /** For health reporting and tests: whether the cache is trusted, and how full it is. */
  status(): { live: boolean; entries: number; subscription: ReturnType<SubscriptionHealth['describe']> } {
    const now = Date.now();
    return { live: this.health.isHealthy(now), entries: this.store.size, subscription: this.health.describe(now) };
  }

  /** Applies key-vault events: invalidations drop the key's cached secrets at once. */
  apply(events: CloudEvent[]): void {
    const now = Date.now();
    for (const event of events) {
      const invalidation = INVALIDATIONS[event.type];
      if (invalidation) this.store.invalidate((event.data as { key_id: string }).key_id, invalidation, now);
    }
  }

  /** What the subscription reports about itself (see SubscriptionHealth). */
  observe(status: SubscriberStatus): void {
    const wasLive = this.health.isHealthy(Date.now());
    this.health.observe(status, Date.now());
    if (!wasLive && this.health.isHealthy(Date.now())) this.logger.log('key cache is live: fed by key-vault events');
  }

  private async resolve(hash: string, lookupKey: string, ask: () => Promise<ApiKeyVerification>): Promise<Resolution> {
    const now = Date.now();
    if (this.health.isHealthy(now)) {
      const known = this.store.read(hash, now);
      if (known) return known.refused ? { valid: false, reason: known.refused, principal: known.principal } : { valid: true, principal: known.principal };
    }
    let lookup = this.lookups.get(lookupKey);
    if (!lookup || now - lookup.startedAt > this.settings.shareLookupMs) {
      lookup = { startedAt: now, answer: this.lookUp(hash, ask) };
      const started = lookup;
      this.lookups.set(lookupKey, started);
      void started.answer.then(
        () => this.lookups.get(lookupKey) === started && this.lookups.delete(lookupKey),
        () => this.lookups.get(lookupKey) === started && this.lookups.delete(lookupKey),
      );
    }
    try {
      return await lookup.answer;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'unavailable') throw error;
      throw new DomainError('unavailable', 'authentication is temporarily unavailable');
    }
  }

  /** One question to key-vault; a positive answer is checked against what events said meanwhile. */
  private async lookUp(hash: string, ask: () => Promise<ApiKeyVerification>): Promise<Resolution> {
    // Only a lookup that starts while the subscription is trusted may fill the cache.
    const ticket = this.health.isHealthy(Date.now()) ? this.store.ticket() : undefined;
    const answer = await ask();
    if (!answer.valid) return answer;
    const now = Date.now();
    const { principal } = answer;
    const expiresAt = principal.expires_at ? Date.parse(principal.expires_at) : null;
    const refused = this.store.refusal(principal.key_id, expiresAt, now);
    if (refused) return { valid: false, reason: refused, principal };
    if (ticket !== undefined && this.health.isHealthy(now)) {
      this.store.admit(hash, principal, expiresAt, principal.valid_until ? Date.parse(principal.valid_until) : null, ticket, now);
    }
    return answer;
  }

  private onLapse(): void {
    this.store.clear();
    if (this.stopping) return;
    this.logger.warn(this.health.describe(Date.now()), 'key-vault event subscription lapsed: key cache dropped, every request asks key-vault');
  }
}
