import { fixedContext, given } from '@steward/testing';
import type { ApiKeyEvent } from '@steward/contracts';
import { fold } from '@steward/event-store';
import { apiKeyDecider, effectiveKeyStatus, secretOpens, type ApiKeyCommand } from './api-key.decider';

const create = (scopes: string[], creatorScopes: string[] | null): ApiKeyCommand => ({
  type: 'CreateApiKey',
  keyId: 'key_1',
  name: 'CI key',
  prefix: 'sk_live_abcd',
  secretHash: 'a'.repeat(64),
  scopes,
  creatorScopes,
});

describe('ApiKey aggregate', () => {
  it('creates a key recording only the hash, the prefix and who created it', () => {
    given(apiKeyDecider, [], fixedContext({ actor: { type: 'api_key', id: 'key_creator' } }))
      .when(create(['users:read'], ['users:read', 'keys:write']))
      .then([
        {
          type: 'api_key.created',
          data: {
            key_id: 'key_1',
            name: 'CI key',
            prefix: 'sk_live_abcd',
            secret_hash: 'a'.repeat(64),
            scopes: ['users:read'],
            workspace_id: null,
            destination_id: null,
            expires_at: null,
            rate_limit_per_minute: null,
            created_by: 'key_creator',
            deliver: 'response',
          },
        },
      ]);
  });

  it('refuses scopes the creating key does not hold (no escalation)', () => {
    given(apiKeyDecider, []).when(create(['users:read', 'users:write'], ['users:read', 'keys:write'])).thenFails('insufficient_scope');
    given(apiKeyDecider, []).when(create(['admin'], ['keys:write'])).thenFails('insufficient_scope');
  });

  it('lets an admin key grant anything, and the system (bootstrap) too', () => {
    given(apiKeyDecider, []).when(create(['admin'], ['admin'])).thenState((s) => expect(s).toMatchObject({ exists: true, scopes: ['admin'] }));
    given(apiKeyDecider, []).when(create(['admin'], null)).thenState((s) => expect(s).toMatchObject({ exists: true }));
  });

  it('refuses an empty name and a second creation', () => {
    given(apiKeyDecider, []).when({ ...create(['users:read'], null), name: '  ' } as ApiKeyCommand).thenFails('invalid_request');
    const history = apiKeyDecider.decide(create(['users:read'], null), apiKeyDecider.initialState(), fixedContext());
    given(apiKeyDecider, history).when(create(['users:read'], null)).thenFails('conflict');
  });
});

const NOW = new Date('2026-11-26T12:00:00.000Z');
const at = (iso: string) => fixedContext({ now: new Date(iso) });
const created = (overrides: Partial<Extract<ApiKeyEvent, { type: 'api_key.created' }>['data']> = {}): ApiKeyEvent => ({
  type: 'api_key.created',
  data: {
    key_id: 'key_1',
    name: 'k',
    prefix: 'sk_live_abcd',
    secret_hash: 'a'.repeat(64),
    scopes: ['users:read'],
    workspace_id: null,
    destination_id: null,
    expires_at: null,
    rate_limit_per_minute: null,
    created_by: 'key_creator',
    deliver: 'response',
    ...overrides,
  },
});

describe('ApiKey aggregate: creation rules', () => {
  it('refuses an expiry in the past and an out-of-range rate limit', () => {
    given(apiKeyDecider, [], at('2026-11-26T12:00:00.000Z'))
      .when({ ...create(['users:read'], null), expiresAt: '2026-11-26T11:59:59.000Z' } as ApiKeyCommand)
      .thenFails('invalid_request');
    given(apiKeyDecider, []).when({ ...create(['users:read'], null), rateLimitPerMinute: 0 } as ApiKeyCommand).thenFails('invalid_request');
  });

  it('records the expiry, the rate limit and the delivery mode', () => {
    given(apiKeyDecider, [], at('2026-11-26T12:00:00.000Z'))
      .when({ ...create(['users:read'], null), expiresAt: '2026-12-01T00:00:00Z', rateLimitPerMinute: 5, deliver: 'retrieval' } as ApiKeyCommand)
      .thenState((s) => expect(s).toMatchObject({ expiresAt: '2026-12-01T00:00:00.000Z', deliver: 'retrieval', status: 'active' }));
  });
});

describe('ApiKey aggregate: revocation and expiry', () => {
  it('revokes an active key, and revoking again changes nothing', () => {
    given(apiKeyDecider, [created()]).when({ type: 'RevokeApiKey' }).then([{ type: 'api_key.revoked', data: { key_id: 'key_1' } }]);
    given(apiKeyDecider, [created(), { type: 'api_key.revoked', data: { key_id: 'key_1' } }]).when({ type: 'RevokeApiKey' }).then([]);
  });

  it('expires a key only once its expires_at has passed', () => {
    const history = [created({ expires_at: '2026-11-26T12:00:00.000Z' })];
    given(apiKeyDecider, history, at('2026-11-26T11:59:59.999Z')).when({ type: 'ExpireApiKey' }).then([]);
    given(apiKeyDecider, history, at('2026-11-26T12:00:00.000Z'))
      .when({ type: 'ExpireApiKey' })
      .then([{ type: 'api_key.expired', data: { key_id: 'key_1', expires_at: '2026-11-26T12:00:00.000Z' } }]);
    given(apiKeyDecider, [created()], at('2030-01-01T00:00:00.000Z')).when({ type: 'ExpireApiKey' }).then([]);
  });

  it('answers not_found for commands on a key that does not exist', () => {
    given(apiKeyDecider, []).when({ type: 'RevokeApiKey' }).thenFails('not_found');
  });
});

describe('ApiKey aggregate: rotation with grace', () => {
  const rotate = (graceSeconds: number): ApiKeyCommand => ({ type: 'RotateApiKey', prefix: 'sk_live_new0', secretHash: 'b'.repeat(64), graceSeconds });

  it('replaces the secret and keeps the old one valid for the grace period', () => {
    given(apiKeyDecider, [created()], fixedContext({ now: NOW }))
      .when(rotate(60))
      .then([
        {
          type: 'api_key.rotated',
          data: { key_id: 'key_1', prefix: 'sk_live_new0', secret_hash: 'b'.repeat(64), previous_secret_hash: 'a'.repeat(64), previous_valid_until: '2026-11-26T12:01:00.000Z' },
        },
      ]);
  });

  it('lets the old secret open the key during the grace and not after; the new one always', () => {
    const state = fold(apiKeyDecider, [created(), ...apiKeyDecider.decide(rotate(60), fold(apiKeyDecider, [created()]), fixedContext({ now: NOW }))]);
    expect(secretOpens(state, 'a'.repeat(64), new Date('2026-11-26T12:00:59.999Z'))).toBe(true);
    expect(secretOpens(state, 'a'.repeat(64), new Date('2026-11-26T12:01:00.000Z'))).toBe(false);
    expect(secretOpens(state, 'b'.repeat(64), new Date('2030-01-01T00:00:00.000Z'))).toBe(true);
  });

  it('without grace the old secret stops at once', () => {
    const state = fold(apiKeyDecider, [created(), ...apiKeyDecider.decide(rotate(0), fold(apiKeyDecider, [created()]), fixedContext({ now: NOW }))]);
    expect(secretOpens(state, 'a'.repeat(64), NOW)).toBe(false);
  });

  it('refuses to rotate a revoked key and a negative grace', () => {
    given(apiKeyDecider, [created(), { type: 'api_key.revoked', data: { key_id: 'key_1' } }]).when(rotate(0)).thenFails('conflict');
    given(apiKeyDecider, [created()]).when(rotate(-1)).thenFails('invalid_request');
  });

  it('no secret opens a revoked or expired key', () => {
    const revoked = fold(apiKeyDecider, [created(), { type: 'api_key.revoked', data: { key_id: 'key_1' } }]);
    expect(secretOpens(revoked, 'a'.repeat(64), NOW)).toBe(false);
    const dated = fold(apiKeyDecider, [created({ expires_at: '2026-11-26T12:00:00.000Z' })]);
    expect(secretOpens(dated, 'a'.repeat(64), new Date('2026-11-26T11:00:00.000Z'))).toBe(true);
    expect(secretOpens(dated, 'a'.repeat(64), NOW)).toBe(false);
  });
});

describe('ApiKey aggregate: one-time retrieval', () => {
  const provisioned = created({ deliver: 'retrieval' });

  it('allows exactly one retrieval of a provisioned key', () => {
    given(apiKeyDecider, [provisioned]).when({ type: 'RetrieveSecret' }).then([{ type: 'api_key.secret_retrieved', data: { key_id: 'key_1' } }]);
    given(apiKeyDecider, [provisioned, { type: 'api_key.secret_retrieved', data: { key_id: 'key_1' } }]).when({ type: 'RetrieveSecret' }).thenFails('gone');
  });

  it('answers gone for a key whose secret was in the creation response, or that was revoked', () => {
    given(apiKeyDecider, [created()]).when({ type: 'RetrieveSecret' }).thenFails('gone');
    given(apiKeyDecider, [provisioned, { type: 'api_key.revoked', data: { key_id: 'key_1' } }]).when({ type: 'RetrieveSecret' }).thenFails('gone');
  });

  it('answers gone once the key is past its expiry, even before the sweep records it', () => {
    given(apiKeyDecider, [created({ deliver: 'retrieval', expires_at: '2026-11-26T12:00:00.000Z' })], at('2026-11-26T12:00:00.000Z'))
      .when({ type: 'RetrieveSecret' })
      .thenFails('gone');
  });

  it('answers gone after a rotation: the new secret was in the rotation response', () => {
    const rotated: ApiKeyEvent = {
      type: 'api_key.rotated',
      data: { key_id: 'key_1', prefix: 'sk_live_new0', secret_hash: 'b'.repeat(64), previous_secret_hash: 'a'.repeat(64), previous_valid_until: null },
    };
    given(apiKeyDecider, [provisioned, rotated]).when({ type: 'RetrieveSecret' }).thenFails('gone');
  });
});

describe('effectiveKeyStatus', () => {
  it('shows an active key past its expires_at as expired, and leaves the others as stored', () => {
    expect(effectiveKeyStatus('active', null, NOW)).toBe('active');
    expect(effectiveKeyStatus('active', '2026-11-26T12:00:00.001Z', NOW)).toBe('active');
    expect(effectiveKeyStatus('active', new Date('2026-11-26T12:00:00.000Z'), NOW)).toBe('expired');
    expect(effectiveKeyStatus('revoked', '2026-11-26T11:00:00.000Z', NOW)).toBe('revoked');
    expect(effectiveKeyStatus('expired', '2026-11-26T11:00:00.000Z', NOW)).toBe('expired');
  });
});
