import { Injectable } from '@nestjs/common';
import { DomainError, KeyVaultRpc, hashApiKey, newId, type ApiKeyPrincipal } from '@steward/contracts';
import { GatewayRpcClient } from './rpc-client.provider';

const TTL_MS = Number(process.env.API_KEY_CACHE_TTL_MS || 1000);
const MAX_ENTRIES = 10000;

/**
 * Resolves a presented secret to its key's principal through key-vault, keeping answers for a
 * short time so hot keys do not cost a round trip each. Only hashes are kept. Failures to reach
 * key-vault fail closed (503), never open.
 */
@Injectable()
export class ApiKeyCache {
  private readonly entries = new Map<string, { principal: ApiKeyPrincipal; until: number }>();
  private readonly inflight = new Map<string, Promise<ApiKeyPrincipal>>();

  constructor(private readonly rpc: GatewayRpcClient) {}

  async principalFor(secret: string, requestId: string): Promise<ApiKeyPrincipal> {
    const hash = hashApiKey(secret);
    const hit = this.entries.get(hash);
    if (hit && hit.until > Date.now()) return hit.principal;
    let pending = this.inflight.get(hash);
    if (!pending) {
      pending = this.rpc
        .call(KeyVaultRpc.Authenticate, { secret_hash: hash }, { org_id: 'system', actor: { type: 'system', id: 'gateway' }, request_id: requestId || newId('req') })
        .then((principal) => {
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(hash, { principal, until: Date.now() + TTL_MS });
          return principal;
        })
        .finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid_api_key') throw error;
      if (error instanceof DomainError && error.code === 'unavailable') throw error;
      throw new DomainError('unavailable', 'authentication is temporarily unavailable');
    }
  }
}
