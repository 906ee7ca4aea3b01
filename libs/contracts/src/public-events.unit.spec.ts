import Ajv from 'ajv';
import { Type } from '@sinclair/typebox';
import type { CloudEvent } from './core/cloud-event';
import { defineEvent, type EventDefinition } from './core/events';
import { schemaErrors } from './core/schema';
import { EVENT_DEFINITIONS } from './events';
import {
  eventTypesMatching,
  internalFields,
  looksSecret,
  publicDataSchema,
  publicEvent,
  schemaFieldPaths,
  undeclaredSecretLookingFields,
} from './public-events';

const HASH = 'a'.repeat(64);
const definitions = [...EVENT_DEFINITIONS.values()];

function cloudEvent(type: string, data: Record<string, unknown>): CloudEvent {
  const definition = EVENT_DEFINITIONS.get(type) as EventDefinition;
  // A sample that the registry itself accepts, so the tests below start from a real event.
  expect(schemaErrors(definition.schema, data)).toEqual([]);
  return {
    specversion: '1.0',
    id: 'evt_01jdx0000000000000000000aa',
    type,
    source: `steward/${definition.context}`,
    subject: 'stream_1',
    time: '2026-11-22T14:00:00.000Z',
    datacontenttype: 'application/json',
    orgid: 'org_1',
    actor: { type: 'api_key', id: 'key_1' },
    requestid: 'req_1',
    streamversion: 1,
    dataversion: 1,
    data,
  };
}

const apiKeyCreated = () =>
  cloudEvent('api_key.created', {
    key_id: 'key_2',
    name: 'CI',
    prefix: 'sk_live_abcd',
    secret_hash: HASH,
    scopes: ['users:read'],
    workspace_id: null,
    destination_id: null,
    expires_at: null,
    rate_limit_per_minute: null,
    created_by: 'key_1',
  });

describe('which event fields are public', () => {
  it('every registered field whose name looks secret is declared internal or public', () => {
    const undeclared = definitions.flatMap((d) => undeclaredSecretLookingFields(d).map((path) => `${d.type}: ${path}`));
    expect(undeclared).toEqual([]);
  });

  it('declares only fields the type has', () => {
    const stale = definitions.flatMap((d) =>
      Object.keys(d.fieldVisibility ?? {})
        .filter((field) => !Object.keys((d.schema as unknown as { properties: object }).properties).includes(field))
        .map((field) => `${d.type}: ${field}`),
    );
    expect(stale).toEqual([]);
  });

  it('keeps key hashes and invitation token nonces internal', () => {
    const internal = Object.fromEntries(definitions.filter((d) => internalFields(d).length).map((d) => [d.type, internalFields(d).sort()]));
    expect(internal).toEqual({
      'api_key.created': ['secret_hash'],
      'api_key.rotated': ['previous_secret_hash', 'secret_hash'],
      'invitation.created': ['token_nonce'],
      'invitation.resent': ['token_nonce'],
    });
  });

  it.each(['secret_hash', 'previous_secret_hash', 'token_nonce', 'token', 'api_key', 'signing_key', 'password', 'ciphertext', 'encrypted_secret', 'webhook_hmac', 'salt', 'mac'])(
    'takes %p for secret-looking',
    (name) => expect(looksSecret(name)).toBe(true),
  );

  it.each(['key_id', 'prefix', 'name', 'email', 'workspace_id', 'user_agent', 'sign_in_id', 'rate_limit_per_minute', 'expires_at', 'machine', 'created_by'])(
    'does not take %p for secret-looking',
    (name) => expect(looksSecret(name)).toBe(false),
  );

  describe('a new event type with a secret-looking field', () => {
    const schema = Type.Object({
      hook_id: Type.String(),
      signing_secret: Type.String(),
      config: Type.Object({ url: Type.String(), auth: Type.Object({ api_key: Type.String() }) }),
      targets: Type.Array(Type.Object({ id: Type.String(), token: Type.String() })),
    });
    const base = {
      type: 'webhook.created',
      context: 'workspace' as const,
      dataversion: 1,
      description: 'test',
      schema,
      audit: { action: 'webhook.create', target: () => ({ type: 'webhook', id: 'x' }), changes: () => ({}) },
    };

    it('is flagged, nested fields included, until it is declared', () => {
      expect(undeclaredSecretLookingFields(defineEvent(base) as unknown as EventDefinition).sort()).toEqual(['config.auth.api_key', 'signing_secret', 'targets.token']);
    });

    it('passes once each such field is declared internal or public', () => {
      const declared = defineEvent({ ...base, fieldVisibility: { signing_secret: 'internal', config: 'internal', targets: 'public' } });
      expect(undeclaredSecretLookingFields(declared as unknown as EventDefinition)).toEqual([]);
    });
  });

  it('walks nested objects, arrays, records and unions for field names', () => {
    const schema = Type.Object({
      a: Type.Union([Type.Object({ b: Type.String() }), Type.Null()]),
      list: Type.Array(Type.Object({ c: Type.String() })),
      map: Type.Record(Type.String(), Type.Object({ d: Type.String() })),
    });
    expect(schemaFieldPaths(schema).sort()).toEqual(['a', 'a.b', 'list', 'list.c', 'map', 'map.d']);
  });
});

describe('publicEvent', () => {
  it('drops the secret hash of api_key.created and keeps everything else as it was', () => {
    const event = apiKeyCreated();
    const shown = publicEvent(event);
    expect(shown.data).not.toHaveProperty('secret_hash');
    const { secret_hash: _hash, ...rest } = event.data;
    expect(shown).toEqual({ ...event, data: rest });
    expect(event.data.secret_hash).toBe(HASH); // the input is not changed
  });

  it('drops both hashes of api_key.rotated', () => {
    const shown = publicEvent(
      cloudEvent('api_key.rotated', { key_id: 'key_2', prefix: 'sk_live_efgh', secret_hash: HASH, previous_secret_hash: 'b'.repeat(64), previous_valid_until: null }),
    );
    expect(shown.data).toEqual({ key_id: 'key_2', prefix: 'sk_live_efgh', previous_valid_until: null });
  });

  it.each(['invitation.created', 'invitation.resent'])('drops the token nonce of %s', (type) => {
    const data = {
      invitation_id: 'inv_1',
      user_id: 'usr_1',
      email: 'a@example.test',
      name: 'A',
      role: 'viewer',
      workspace_id: null,
      expires_at: '2026-11-29T14:00:00.000Z',
      token_nonce: 'n'.repeat(43),
    };
    const { token_nonce: _nonce, ...rest } = data;
    expect(publicEvent(cloudEvent(type, data)).data).toEqual(rest);
  });

  it('shows an event without internal fields unchanged', () => {
    const event = cloudEvent('role.created', { role_id: 'role_1', name: 'Auditor', description: '', permissions: ['audit:read'] });
    expect(publicEvent(event)).toEqual(event);
  });

  it('refuses an unregistered type rather than guess what is secret in it', () => {
    expect(() => publicEvent({ ...apiKeyCreated(), type: 'api_key.leaked' })).toThrow(/unregistered event type/);
  });
});

describe('publicDataSchema', () => {
  const ajv = new Ajv({ strict: false });

  it('lists no internal field, and accepts the public data of an event (and its Kafka form)', () => {
    const definition = EVENT_DEFINITIONS.get('api_key.created') as EventDefinition;
    const schema = publicDataSchema(definition);
    expect(JSON.stringify(schema)).not.toContain('secret_hash');
    const validate = ajv.compile(schema);
    expect(validate(publicEvent(apiKeyCreated()).data)).toBe(true);
    expect(validate(apiKeyCreated().data)).toBe(true);
    expect(validate({ ...publicEvent(apiKeyCreated()).data, name: 42 })).toBe(false);
  });

  it('is the registry schema itself, as plain JSON, for a type without internal fields', () => {
    const definition = EVENT_DEFINITIONS.get('user.deleted') as EventDefinition;
    expect(publicDataSchema(definition)).toEqual(JSON.parse(JSON.stringify(definition.schema)));
    expect(publicDataSchema(definition)).toMatchObject({ additionalProperties: false });
  });

  it('never lists an internal field of any type', () => {
    const leaks = definitions.flatMap((d) => internalFields(d).filter((f) => schemaFieldPaths(publicDataSchema(d)).includes(f)).map((f) => `${d.type}: ${f}`));
    expect(leaks).toEqual([]);
  });
});

describe('eventTypesMatching (the feed `type` filter)', () => {
  it('takes an exact registered type', () => {
    expect(eventTypesMatching('user.created')).toEqual(['user.created']);
  });

  it('takes every type of a resource with `<resource>.*`', () => {
    expect(eventTypesMatching('api_key.*').sort()).toEqual(['api_key.created', 'api_key.expired', 'api_key.revoked', 'api_key.rotated', 'api_key.secret_retrieved']);
    expect(eventTypesMatching('user.*').sort()).toEqual(['user.activated', 'user.created', 'user.deleted', 'user.signed_in', 'user.updated']);
  });

  it.each(['user', 'user.', 'user.create', 'nothing.*', '*', '.*', 'user.created.*', 'USER.CREATED'])('selects nothing for %p', (filter) => {
    expect(eventTypesMatching(filter)).toEqual([]);
  });
});
