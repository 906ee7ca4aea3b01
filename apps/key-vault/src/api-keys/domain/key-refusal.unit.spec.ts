import type { ApiKeyState } from './api-key.decider';
import { keyRefusal } from './key-refusal';

const now = new Date('2026-11-26T12:00:00.000Z');
const key: ApiKeyState = {
  exists: true,
  id: 'key_1',
  scopes: ['users:read'],
  status: 'active',
  secretHash: 'current',
  previousSecretHash: 'previous',
  previousValidUntil: '2026-11-26T11:00:00.000Z',
  expiresAt: null,
  deliver: 'response',
  secretRetrieved: false,
  workspaceId: null,
  destinationId: null,
};

describe('keyRefusal', () => {
  it('reports a revoked key as revoked, whichever of its secrets is presented', () => {
    expect(keyRefusal({ ...key, status: 'revoked' }, 'current', now)).toBe('revoked');
    expect(keyRefusal({ ...key, status: 'revoked', expiresAt: '2026-11-01T00:00:00.000Z' }, 'previous', now)).toBe('revoked');
  });

  it('reports an expired key as expired, recorded or by time before the sweep', () => {
    expect(keyRefusal({ ...key, status: 'expired' }, 'current', now)).toBe('expired');
    expect(keyRefusal({ ...key, expiresAt: '2026-11-26T11:59:59.999Z' }, 'current', now)).toBe('expired');
  });

  it('reports a previous secret past its rotation grace as expired', () => {
    expect(keyRefusal(key, 'previous', now)).toBe('expired');
  });

  it('reports what matches no key as unknown', () => {
    expect(keyRefusal({ exists: false }, 'current', now)).toBe('unknown');
    expect(keyRefusal(key, 'other', now)).toBe('unknown');
  });
});
