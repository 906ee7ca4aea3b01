import { effectiveKeyStatus, type ApiKeyState } from './api-key.decider';

/**
 * Why a secret (by its hash) that does not open `state` is refused, for `api_keys.verify`:
 * `revoked` and `expired` (by time too, before the sweep records it) for the key's status; a
 * previous secret whose rotation grace is over is `expired`; anything else `unknown`. Only
 * meaningful after `secretOpens(state, hash, now)` said false.
 */
export function keyRefusal(state: ApiKeyState, hash: string, now: Date): 'unknown' | 'revoked' | 'expired' {
  if (!state.exists) return 'unknown';
  const status = effectiveKeyStatus(state.status, state.expiresAt, now);
  if (status !== 'active') return status;
  if (hash === state.previousSecretHash) return 'expired';
  return 'unknown';
}
