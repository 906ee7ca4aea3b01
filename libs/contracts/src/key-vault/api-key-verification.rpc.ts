import { Type } from '@sinclair/typebox';
import { defineRpc } from '../core/rpc';
import type { ApiKeyPrincipal } from './rpc';

/**
 * Why a presented key does not verify (API.md `POST /v1/api-keys/verify`): `malformed` (not the
 * shape of a Steward key) and `checksum` (the shape, a wrong checksum) are told by the gateway
 * without a lookup; `unknown`, `revoked`, `expired` by key-vault.
 */
export const API_KEY_REFUSALS = ['malformed', 'checksum', 'unknown', 'revoked', 'expired'] as const;
export type ApiKeyRefusal = (typeof API_KEY_REFUSALS)[number];

/** Key-vault's answer about a secret's hash: the key's principal, or why it opens nothing. */
export type ApiKeyVerification = { valid: true; principal: ApiKeyPrincipal } | { valid: false; reason: 'unknown' | 'revoked' | 'expired' };

export const ApiKeyVerificationRpc = {
  /**
   * Like `api_keys.authenticate`, but a refusal is an answer with its reason, not an error.
   * Scoped to the calling organization: another organization's key is `unknown`. A previous
   * secret past its rotation grace is `expired`.
   */
  Verify: defineRpc<ApiKeyVerification>()(
    'key-vault',
    'api_keys.verify',
    Type.Object({ secret_hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, { additionalProperties: false }),
  ),
} as const;
