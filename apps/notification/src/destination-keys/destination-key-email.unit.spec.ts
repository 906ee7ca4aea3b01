import type { CloudEvent } from '@steward/contracts';
import {
  buildDestinationKeyEmail,
  describeCreator,
  destinationKeyEmailPayload,
  type ApiKeyCreatedEvent,
  type DestinationKeyEmailPayload,
  type DestinationKeyFacts,
} from './destination-key-email';

const envelope = {
  specversion: '1.0',
  id: 'evt_1',
  type: 'api_key.created',
  source: 'steward/key-vault',
  subject: 'key_new',
  time: '2026-11-26T14:05:00.000Z',
  datacontenttype: 'application/json',
  orgid: 'org_1',
  actor: { type: 'api_key', id: 'key_admin' },
  streamversion: 1,
  dataversion: 1,
} as const satisfies Partial<CloudEvent>;

const data: ApiKeyCreatedEvent['data'] = {
  key_id: 'key_new',
  name: 'Ingest <prod>',
  prefix: 'sk_live_AbCd',
  secret_hash: 'a'.repeat(64),
  scopes: ['keys:read'],
  workspace_id: null,
  destination_id: 'dst_1',
  expires_at: null,
  rate_limit_per_minute: null,
  created_by: 'key_admin',
  deliver: 'response',
};

const facts: DestinationKeyFacts = {
  destination: { id: 'dst_1', name: 'Warehouse', workspace_id: 'ws_1' },
  workspace_name: 'Platform',
  creator_key: { name: 'Admin key', prefix: 'sk_live_Zz9x' },
};

describe('destinationKeyEmailPayload', () => {
  it('copies which key, which destination and who created it — never the hash', () => {
    const payload = destinationKeyEmailPayload({ ...envelope, data });
    expect(payload).toEqual({
      key_id: 'key_new',
      key_name: 'Ingest <prod>',
      key_prefix: 'sk_live_AbCd',
      destination_id: 'dst_1',
      org_id: 'org_1',
      created_by: { type: 'api_key', id: 'key_admin' },
      created_at: '2026-11-26T14:05:00.000Z',
    });
    expect(JSON.stringify(payload)).not.toContain(data.secret_hash);
  });

  it('makes no job for a key without a destination', () => {
    expect(destinationKeyEmailPayload({ ...envelope, data: { ...data, destination_id: null } })).toBeUndefined();
  });
});

describe('buildDestinationKeyEmail', () => {
  const payload = destinationKeyEmailPayload({ ...envelope, data }) as DestinationKeyEmailPayload;
  const email = buildDestinationKeyEmail(payload, facts, { user_id: 'usr_1', name: 'Grace', email: 'grace@example.test' });

  it('goes to the recipient, greeting them by name', () => {
    expect(email.to).toBe('grace@example.test');
    expect(email.text).toContain('Hello Grace,');
  });

  it('names the key (name, prefix, id), the destination, its workspace, the creator and the time', () => {
    expect(email.subject).toBe('New API key "Ingest <prod>" for the destination Warehouse');
    for (const part of ['Ingest <prod>', 'sk_live_AbCd', 'key_new', 'Warehouse', 'dst_1', 'Platform', 'Admin key', '2026-11-26 14:05 UTC']) {
      expect(email.text).toContain(part);
    }
    expect(email.html).toContain('Ingest &lt;prod&gt;');
  });

  it('falls back to the workspace id when its name is not known', () => {
    const unnamed = buildDestinationKeyEmail(payload, { ...facts, workspace_name: null }, { user_id: 'usr_1', name: 'Grace', email: 'g@example.test' });
    expect(unnamed.text).toContain('"ws_1"');
  });
});

describe('describeCreator', () => {
  const payload = destinationKeyEmailPayload({ ...envelope, data }) as DestinationKeyEmailPayload;
  it('names a known creating key, else its id or the actor', () => {
    expect(describeCreator(payload, facts.creator_key)).toBe('the API key "Admin key" (sk_live_Zz9x…, key_admin)');
    expect(describeCreator(payload, null)).toBe('the API key key_admin');
    expect(describeCreator({ ...payload, created_by: { type: 'system', id: 'bootstrap' } }, null)).toBe('system bootstrap');
  });
});
