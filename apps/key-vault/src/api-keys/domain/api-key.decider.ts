import { DomainError, type ApiKeyEvent } from '@steward/contracts';
import type { Decider } from '@steward/event-store';

export type ApiKeyState = { exists: false } | { exists: true; id: string; scopes: string[]; status: 'active' };

export type ApiKeyCommand = {
  type: 'CreateApiKey';
  keyId: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: string[];
  /** Scopes of the key that asks; a key can never grant more than it holds. */
  creatorScopes: string[] | null;
};

export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  initialState: () => ({ exists: false }),

  evolve(_state, event) {
    switch (event.type) {
      case 'api_key.created':
        return { exists: true, id: event.data.key_id, scopes: event.data.scopes, status: 'active' };
      default: {
        const unknown: never = event.type;
        throw new Error(`unhandled api key event ${String(unknown)}`);
      }
    }
  },

  decide(command, state, context) {
    switch (command.type) {
      case 'CreateApiKey': {
        if (state.exists) throw new DomainError('conflict', 'api key already exists');
        const name = command.name.trim();
        if (!name) throw new DomainError('invalid_request', 'name must not be empty', [{ field: 'name', issue: 'required' }]);
        const held = command.creatorScopes;
        if (held && !held.includes('admin')) {
          const extra = command.scopes.filter((s) => !held.includes(s));
          if (extra.length) {
            throw new DomainError('insufficient_scope', `a key cannot grant scopes it does not hold: ${extra.join(', ')}`, [
              { field: 'scopes', issue: 'not_held' },
            ]);
          }
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
              workspace_id: null,
              destination_id: null,
              expires_at: null,
              rate_limit_per_minute: null,
              created_by: context.actor.id,
            },
          },
        ];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`unhandled api key command ${String(unknown)}`);
      }
    }
  },
};
