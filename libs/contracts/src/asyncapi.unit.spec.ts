import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { schemas as asyncApiSchemas } from '@asyncapi/specs';
import type { CloudEvent } from './core/cloud-event';
import { EVENT_SOURCED_CONTEXTS, eventsTopic } from './core/topics';
import { asyncApiDocument, eventsChannelId } from './asyncapi';
import { EVENT_DEFINITIONS } from './events';
import { internalFields, publicEvent } from './public-events';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The official AsyncAPI 3.0.0 JSON schema (@asyncapi/specs). It embeds the draft-07 meta-schema
 * under its own id, which Ajv already knows: drop the copy, as AsyncAPI's own parser does.
 */
function asyncApi3Validator(): ValidateFunction {
  const schema = structuredClone(asyncApiSchemas['3.0.0']) as Json;
  delete schema.definitions['http://json-schema.org/draft-07/schema'];
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** A validator of one message's payload, with the document's `#/components/...` refs resolved. */
function payloadValidator(doc: Json, type: string): ValidateFunction {
  const ajv = new Ajv({ strict: false });
  return ajv.compile({ ...doc.components.messages[type].payload, components: doc.components });
}

const HASH = 'c'.repeat(64);
const sample: CloudEvent = {
  specversion: '1.0',
  id: 'evt_01jdx0000000000000000000aa',
  type: 'api_key.created',
  source: 'steward/key-vault',
  subject: 'key_2',
  time: '2026-11-22T14:00:00.000Z',
  datacontenttype: 'application/json',
  orgid: 'org_1',
  actor: { type: 'api_key', id: 'key_1' },
  requestid: 'req_1',
  correlationid: 'req_1',
  streamversion: 1,
  dataversion: 1,
  data: {
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
  },
};

describe('the AsyncAPI document', () => {
  const doc = asyncApiDocument('steward') as Json;

  it('is a valid AsyncAPI 3.0.0 document by the official JSON schema', () => {
    const validate = asyncApi3Validator();
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it('fails that validation when broken (the check can fail)', () => {
    const validate = asyncApi3Validator();
    const broken = structuredClone(doc);
    broken.components.messages['user.created'].payload.allOf[1].properties.type.type = 'text';
    expect(validate(broken)).toBe(false);
    expect(validate({ ...doc, info: undefined })).toBe(false);
  });

  it('has one channel per events topic, at the topic of the namespace it is given', () => {
    expect(Object.keys(doc.channels).sort()).toEqual(EVENT_SOURCED_CONTEXTS.map(eventsChannelId).sort());
    for (const context of EVENT_SOURCED_CONTEXTS) expect(doc.channels[eventsChannelId(context)].address).toBe(`steward.${context}.events`);
    const other = asyncApiDocument('acme-prod') as Json;
    expect(other.channels[eventsChannelId('identity')].address).toBe('acme-prod.identity.events');
  });

  it('takes the namespace of the running deployment by default', () => {
    const before = process.env.STEWARD_NAMESPACE;
    process.env.STEWARD_NAMESPACE = 'stewardtest-x';
    try {
      expect((asyncApiDocument() as Json).channels[eventsChannelId('key-vault')].address).toBe(eventsTopic('key-vault'));
      expect(eventsTopic('key-vault')).toBe('stewardtest-x.key-vault.events');
    } finally {
      if (before === undefined) delete process.env.STEWARD_NAMESPACE;
      else process.env.STEWARD_NAMESPACE = before;
    }
  });

  it('has every registered event type as a message of its context channel and of its publish operation, and nothing else', () => {
    const registered = [...EVENT_DEFINITIONS.keys()].sort();
    expect(Object.keys(doc.components.messages).sort()).toEqual(registered);
    const inChannels = Object.values(doc.channels as Json).flatMap((channel: Json) => Object.keys(channel.messages));
    expect(inChannels.sort()).toEqual(registered);
    for (const definition of EVENT_DEFINITIONS.values()) {
      const channelId = eventsChannelId(definition.context);
      expect(doc.channels[channelId].messages[definition.type]).toEqual({ $ref: `#/components/messages/${definition.type}` });
      const operation = doc.operations[`publish-${definition.context}-events`];
      expect(operation).toMatchObject({ action: 'send', channel: { $ref: `#/channels/${channelId}` } });
      expect(operation.messages).toContainEqual({ $ref: `#/channels/${channelId}/messages/${definition.type}` });
      const message = doc.components.messages[definition.type];
      expect(message.summary).toBe(definition.description);
      expect(message.payload.allOf[1].properties.type.const).toBe(definition.type);
      expect(doc.components.schemas[`${definition.type}.data`]).toBeDefined();
    }
  });

  it('shows no internal field anywhere', () => {
    const text = JSON.stringify(doc);
    const internal = [...EVENT_DEFINITIONS.values()].flatMap(internalFields);
    expect(internal.length).toBeGreaterThan(0);
    for (const field of internal) expect(text).not.toContain(field);
  });

  it('describes the events as the feed shows them and as Kafka carries them', () => {
    const validate = payloadValidator(doc, 'api_key.created');
    expect(validate(publicEvent(sample)) ? [] : validate.errors).toEqual([]);
    expect(validate(sample)).toBe(true); // the Kafka message, with its internal field
    expect(validate({ ...publicEvent(sample), type: 'api_key.revoked' })).toBe(false);
    expect(validate({ ...publicEvent(sample), data: { ...sample.data, scopes: 'users:read' } })).toBe(false);
    const { orgid: _org, ...withoutOrg } = publicEvent(sample);
    expect(validate(withoutOrg)).toBe(false);
  });
});
