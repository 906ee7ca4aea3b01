import { DomainError, MAX_ROTATION_GRACE_SECONDS, sameDigest, type ApiKeyDelivery, type ApiKeyEvent, type ApiKeyStatus } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type KeyStatus = ApiKeyStatus;
export type SecretDelivery = ApiKeyDelivery;

export type ApiKeyState =
  | { exists: false }
  | {
      exists: true;
      id: string;
      scopes: string[];
      status: KeyStatus;
      secretHash: string;
      previousSecretHash: string | null;
      previousValidUntil: string | null;
      expiresAt: string | null;
      deliver: SecretDelivery;
      secretRetrieved: boolean;
      workspaceId: string | null;
      destinationId: string | null;
    };

export type ApiKeyCommand =
  | {
      type: 'CreateApiKey';
      keyId: string;
      name: string;
      prefix: string;
      secretHash: string;
      scopes: string[];
      /** Scopes of the key that asks; a key can never grant more than it holds (null: the system). */
      creatorScopes: string[] | null;
      workspaceId?: string | null;
      destinationId?: string | null;
      expiresAt?: string | null;
      rateLimitPerMinute?: number | null;
      deliver?: SecretDelivery;
    }
  | { type: 'RevokeApiKey' }
  | { type: 'ExpireApiKey' }
  | { type: 'RotateApiKey'; prefix: string; secretHash: string; graceSeconds: number }
  | { type: 'RetrieveSecret' };

function invalid(field: string, issue: string, message: string): DomainError {
  return new DomainError('invalid_request', message, [{ field, issue }]);
}

/**
 * The status a key shows at `now`: an `active` key past its `expires_at` is `expired` even
 * before the expiry sweep records `api_key.expired`.
 */
export function effectiveKeyStatus(status: KeyStatus, expiresAt: Date | string | null, now: Date): KeyStatus {
  if (status === 'active' && expiresAt !== null && new Date(expiresAt).getTime() <= now.getTime()) return 'expired';
  return status;
}

/**
 * Whether a presented secret (by its hash) opens this key at `now`: the current secret while
 * the key is active and unexpired, or the previous one during a rotation's grace period.
 */
export function secretOpens(state: ApiKeyState, hash: string, now: Date): boolean {
  if (!state.exists || effectiveKeyStatus(state.status, state.expiresAt, now) !== 'active') return false;
  // Constant time, though only hashes of random secrets are compared (the lookup found the row by hash).
  if (sameDigest(hash, state.secretHash)) return true;
  return !!state.previousSecretHash && sameDigest(hash, state.previousSecretHash) && !!state.previousValidUntil && Date.parse(state.previousValidUntil) > now.getTime();
}

export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  initialState: () => ({ exists: false }),

  evolve(state, event) {
    switch (event.type) {
      case 'api_key.created':
        return {
          exists: true,
          id: event.data.key_id,
          scopes: event.data.scopes,
          status: 'active',
          secretHash: event.data.secret_hash,
          previousSecretHash: null,
          previousValidUntil: null,
          expiresAt: event.data.expires_at,
          deliver: event.data.deliver ?? 'response',
          secretRetrieved: false,
          workspaceId: event.data.workspace_id,
          destinationId: event.data.destination_id,
        };
      case 'api_key.revoked':
        return state.exists ? { ...state, status: 'revoked' } : state;
      case 'api_key.expired':
        return state.exists ? { ...state, status: 'expired' } : state;
      case 'api_key.rotated':
        // The new secret was in the rotation's response: nothing is left to retrieve.
        return state.exists
          ? {
              ...state,
              deliver: 'response',
              secretHash: event.data.secret_hash,
              previousSecretHash: event.data.previous_secret_hash,
              previousValidUntil: event.data.previous_valid_until,
            }
          : state;
      case 'api_key.secret_retrieved':
        return state.exists ? { ...state, secretRetrieved: true } : state;
      default: {
        const unknown: never = event;
        throw new Error(`unhandled api key event ${String((unknown as { type: string }).type)}`);
      }
    }
  },

  decide(command, state, context) {
    if (command.type === 'CreateApiKey') {
      if (state.exists) throw new DomainError('conflict', 'api key already exists');
      const name = command.name.trim();
      if (!name) throw invalid('name', 'required', 'name must not be empty');
      const held = command.creatorScopes;
      if (held && !held.includes('admin')) {
        const extra = command.scopes.filter((s) => !held.includes(s));
        if (extra.length) {
          throw new DomainError('insufficient_scope', `a key cannot grant scopes it does not hold: ${extra.join(', ')}`, [
            { field: 'scopes', issue: 'not_held' },
          ]);
        }
      }
      const expiresAt = command.expiresAt ?? null;
      if (expiresAt !== null && !(Date.parse(expiresAt) > context.now.getTime())) {
        throw invalid('expires_at', 'past', 'expires_at must be in the future');
      }
      const rate = command.rateLimitPerMinute ?? null;
      if (rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000)) {
        throw invalid('rate_limit_per_minute', 'range', 'rate_limit_per_minute must be an integer between 1 and 1000000');
      }
      return [
        {
          type: 'api_key.created',
          data: {
            key_id: command.keyId,
            name,
            prefix: command.prefix,
            secret_hash: command.secretHash,
            scopes: command.scopes,
            workspace_id: command.workspaceId ?? null,
            destination_id: command.destinationId ?? null,
            expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
            rate_limit_per_minute: rate,
            created_by: context.actor.id,
            deliver: command.deliver ?? 'response',
          },
        },
      ];
    }

    if (!state.exists) throw new DomainError('not_found', 'api key not found');
    switch (command.type) {
      case 'RevokeApiKey':
        // Revoking twice changes nothing (DELETE is idempotent); an expired key can be revoked.
        return state.status === 'revoked' ? [] : [{ type: 'api_key.revoked', data: { key_id: state.id } }];
      case 'ExpireApiKey':
        if (state.status !== 'active' || !state.expiresAt || Date.parse(state.expiresAt) > context.now.getTime()) return [];
        return [{ type: 'api_key.expired', data: { key_id: state.id, expires_at: state.expiresAt } }];
      case 'RotateApiKey': {
        if (state.status !== 'active' || (state.expiresAt && Date.parse(state.expiresAt) <= context.now.getTime())) {
          throw new DomainError('conflict', `only an active key can be rotated (this one is ${state.status === 'active' ? 'expired' : state.status})`);
        }
        if (!Number.isInteger(command.graceSeconds) || command.graceSeconds < 0 || command.graceSeconds > MAX_ROTATION_GRACE_SECONDS) {
          throw invalid('grace_seconds', 'range', `grace_seconds must be an integer between 0 and ${MAX_ROTATION_GRACE_SECONDS}`);
        }
        return [
          {
            type: 'api_key.rotated',
            data: {
              key_id: state.id,
              prefix: command.prefix,
              secret_hash: command.secretHash,
              previous_secret_hash: state.secretHash,
              previous_valid_until: command.graceSeconds > 0 ? new Date(context.now.getTime() + command.graceSeconds * 1000).toISOString() : null,
            },
          },
        ];
      }
      case 'RetrieveSecret':
        // The secret is shown once: in the creation response, or by this single retrieval.
        if (state.deliver !== 'retrieval' || state.secretRetrieved || effectiveKeyStatus(state.status, state.expiresAt, context.now) !== 'active') {
          throw new DomainError('gone', 'the secret of this key can no longer be retrieved');
        }
        return [{ type: 'api_key.secret_retrieved', data: { key_id: state.id } }];
      default: {
        const unknown: never = command;
        throw new Error(`unhandled api key command ${String((unknown as { type: string }).type)}`);
      }
    }
  },
};
