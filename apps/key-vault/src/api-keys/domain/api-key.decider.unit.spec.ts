import { fixedContext, given } from '@steward/testing';
import { apiKeyDecider, type ApiKeyCommand } from './api-key.decider';

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
