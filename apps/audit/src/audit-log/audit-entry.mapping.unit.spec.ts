import {
  ApiKeyCreated,
  DomainError,
  InvitationCreated,
  UserCreated,
  eventDefinition,
  type CloudEvent,
} from '@steward/contracts';
import { auditCursorKey, auditEntryFromEvent, auditEntryIdFor, parseAuditCursorKey, toAuditEntryResource, type AuditEntryRow } from './audit-entry.mapping';

const AUD_ID = 'aud_01h455vb4pex5vsknk084sn02q';

function cloudEvent(type: string, data: Record<string, unknown>, extra: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: 'evt_01h455vb4pex5vsknk084sn02r',
    type,
    source: 'steward/identity',
    subject: 'usr_01h455vb4pex5vsknk084sn02s',
    time: '2026-11-22T14:00:00.123Z',
    datacontenttype: 'application/json',
    orgid: 'org_01h455vb4pex5vsknk084sn02t',
    actor: { type: 'api_key', id: 'key_01h455vb4pex5vsknk084sn02v' },
    requestid: 'req_01h455vb4pex5vsknk084sn02w',
    streamversion: 1,
    dataversion: 1,
    data,
    ...extra,
  };
}

const userCreated = cloudEvent(UserCreated.type, {
  user_id: 'usr_01h455vb4pex5vsknk084sn02s',
  name: 'Ada',
  email: 'ada@acme.test',
  role: 'viewer',
  status: 'active',
  workspace_ids: [],
  invitation_id: null,
}, { ip: '203.0.113.7', useragent: 'curl/8.5' });

describe('auditEntryFromEvent', () => {
  it('records the action, target and changes of the event definition and the envelope facts', () => {
    const { entry, reason } = auditEntryFromEvent(userCreated, eventDefinition(userCreated.type));

    expect(reason).toBeUndefined();
    expect(entry).toEqual({
      id: 'aud_01h455vb4pex5vsknk084sn02r',
      org_id: 'org_01h455vb4pex5vsknk084sn02t',
      action: 'user.create',
      actor_type: 'api_key',
      actor_id: 'key_01h455vb4pex5vsknk084sn02v',
      target_type: 'user',
      target_id: 'usr_01h455vb4pex5vsknk084sn02s',
      workspace_id: null,
      request_id: 'req_01h455vb4pex5vsknk084sn02w',
      ip: '203.0.113.7',
      user_agent: 'curl/8.5',
      changes: {
        name: { from: null, to: 'Ada' },
        email: { from: null, to: 'ada@acme.test' },
        role: { from: null, to: 'viewer' },
        status: { from: null, to: 'active' },
        workspace_ids: { from: null, to: [] },
      },
      occurred_at: '2026-11-22T14:00:00.123Z',
      event_id: 'evt_01h455vb4pex5vsknk084sn02r',
      event_type: 'user.created',
    });
  });

  it('reads the workspace from the definition when it has one', () => {
    const invitation = cloudEvent(InvitationCreated.type, {
      invitation_id: 'inv_01h455vb4pex5vsknk084sn02x',
      user_id: 'usr_01h455vb4pex5vsknk084sn02s',
      email: 'ada@acme.test',
      name: 'Ada',
      role: 'viewer',
      workspace_id: 'ws_01h455vb4pex5vsknk084sn02y',
      expires_at: '2026-11-29T14:00:00.123Z',
      token_nonce: 'nonce-value',
    });

    const { entry } = auditEntryFromEvent(invitation, eventDefinition(invitation.type));

    expect(entry).toMatchObject({
      action: 'invitation.create',
      target_type: 'invitation',
      target_id: 'inv_01h455vb4pex5vsknk084sn02x',
      workspace_id: 'ws_01h455vb4pex5vsknk084sn02y',
    });
    expect(JSON.stringify(entry)).not.toContain('nonce-value');
  });

  it('never copies a secret hash into the changes of an API key', () => {
    const created = cloudEvent(ApiKeyCreated.type, {
      key_id: 'key_01h455vb4pex5vsknk084sn02z',
      name: 'ci',
      prefix: 'sk_live_abcd',
      secret_hash: 'a'.repeat(64),
      scopes: ['users:read'],
      workspace_id: null,
      destination_id: null,
      expires_at: null,
      rate_limit_per_minute: null,
      created_by: 'usr_01h455vb4pex5vsknk084sn02s',
    });

    const { entry } = auditEntryFromEvent(created, eventDefinition(created.type));

    expect(entry?.action).toBe('api_key.create');
    expect(entry?.changes).not.toHaveProperty('secret_hash');
    expect(JSON.stringify(entry)).not.toContain('a'.repeat(64));
  });

  it('leaves absent envelope facts null', () => {
    const bare = cloudEvent(UserCreated.type, userCreated.data, { requestid: undefined, ip: undefined, useragent: undefined });

    const { entry } = auditEntryFromEvent(bare, eventDefinition(bare.type));

    expect(entry).toMatchObject({ request_id: null, ip: null, user_agent: null });
  });

  it('normalizes the event time to UTC with milliseconds', () => {
    const offset = cloudEvent(UserCreated.type, userCreated.data, { time: '2026-11-22T15:00:00.1234+01:00' });

    expect(auditEntryFromEvent(offset, eventDefinition(offset.type)).entry?.occurred_at).toBe('2026-11-22T14:00:00.123Z');
  });

  it('gives a reason instead of an entry for an unknown type, an invalid time or an id that is not an event id', () => {
    const unknown = cloudEvent('thing.happened', {});
    const badTime = cloudEvent(UserCreated.type, userCreated.data, { time: 'yesterday' });
    const badId = cloudEvent(UserCreated.type, userCreated.data, { id: 'usr_01h455vb4pex5vsknk084sn02r' });

    expect(auditEntryFromEvent(unknown, eventDefinition(unknown.type))).toEqual({ reason: expect.any(String) });
    expect(auditEntryFromEvent(badTime, eventDefinition(badTime.type))).toEqual({ reason: expect.any(String) });
    expect(auditEntryFromEvent(badId, eventDefinition(badId.type))).toEqual({ reason: expect.any(String) });
  });

  it('derives the entry id from the event id, so a replay gives the same id', () => {
    const again = { ...userCreated };

    expect(auditEntryFromEvent(userCreated, eventDefinition(userCreated.type)).entry?.id).toBe('aud_01h455vb4pex5vsknk084sn02r');
    expect(auditEntryFromEvent(again, eventDefinition(again.type)).entry?.id).toBe(auditEntryFromEvent(userCreated, eventDefinition(userCreated.type)).entry?.id);
    expect(auditEntryIdFor('evt_01h455vb4pex5vsknk084sn02r')).toBe('aud_01h455vb4pex5vsknk084sn02r');
    expect(auditEntryIdFor('evt_not-a-typeid')).toBeUndefined();
  });
});

describe('toAuditEntryResource', () => {
  it('shows a row as the API does', () => {
    const row: AuditEntryRow = {
      id: AUD_ID,
      action: 'user.create',
      actor_type: 'api_key',
      actor_id: 'key_01h455vb4pex5vsknk084sn02v',
      target_type: 'user',
      target_id: 'usr_01h455vb4pex5vsknk084sn02s',
      workspace_id: null,
      request_id: 'req_01h455vb4pex5vsknk084sn02w',
      ip: null,
      user_agent: null,
      changes: { name: { from: null, to: 'Ada' } },
      occurred_at: new Date('2026-11-22T14:00:00.123Z'),
      event_id: 'evt_01h455vb4pex5vsknk084sn02r',
    };

    expect(toAuditEntryResource(row)).toEqual({
      id: AUD_ID,
      action: 'user.create',
      actor: { type: 'api_key', id: 'key_01h455vb4pex5vsknk084sn02v' },
      target: { type: 'user', id: 'usr_01h455vb4pex5vsknk084sn02s' },
      workspace_id: null,
      request_id: 'req_01h455vb4pex5vsknk084sn02w',
      ip: null,
      user_agent: null,
      changes: { name: { from: null, to: 'Ada' } },
      occurred_at: '2026-11-22T14:00:00.123Z',
      event_id: 'evt_01h455vb4pex5vsknk084sn02r',
    });
  });
});

describe('audit cursor key', () => {
  it('round-trips the time and id of a row', () => {
    const key = auditCursorKey({ occurred_at: new Date('2026-11-22T14:00:00.123Z'), id: AUD_ID });

    expect(key).toBe(`2026-11-22T14:00:00.123Z|${AUD_ID}`);
    expect(parseAuditCursorKey(key)).toEqual({ occurredAt: '2026-11-22T14:00:00.123Z', id: AUD_ID });
  });

  it.each([
    AUD_ID,
    '2026-11-22T14:00:00.123Z',
    `2026-11-22T14:00:00.123Z|${AUD_ID}|extra`,
    `yesterday|${AUD_ID}`,
    '2026-11-22T14:00:00.123Z|usr_01h455vb4pex5vsknk084sn02s',
    '2026-11-22T14:00:00.123Z|aud_not-a-typeid',
  ])('rejects the malformed key %s as invalid_request', (key) => {
    let error: unknown;
    try {
      parseAuditCursorKey(key);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_request');
  });
});
