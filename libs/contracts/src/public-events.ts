/**
 * What of an event may leave Steward. Events may carry secret material that Steward's own
 * services need (a key's secret hash, an invitation's token nonce); each event definition marks
 * those fields `internal` (`fieldVisibility`), and everything public — the event feed
 * (`GET /v1/events`) and the AsyncAPI document — goes through the functions here.
 */
import type { CloudEvent } from './core/cloud-event';
import type { EventDefinition } from './core/events';
import { EVENT_DEFINITIONS, eventDefinition } from './events';

/** Parts of a field name that make it look like secret material wherever they appear in it. */
const SECRET_PARTS = ['secret', 'hash', 'digest', 'nonce', 'token', 'passw', 'passphrase', 'credential', 'cipher', 'encrypt', 'signature', 'hmac', 'private'];
/** Words (between underscores) that do so only as a whole word: `mac` but not `machine`. */
const SECRET_WORDS = new Set(['mac', 'salt', 'seed', 'otp', 'pin', 'iv', 'blob']);

/**
 * Whether a field name looks like it holds secret material. `key` counts as the last word only
 * (`api_key`, `signing_key`: a key; `key_id`: the name of one).
 */
export function looksSecret(fieldName: string): boolean {
  const name = fieldName.toLowerCase();
  const words = name.split(/[^a-z0-9]+/).filter(Boolean);
  return SECRET_PARTS.some((part) => name.includes(part)) || words.some((word) => SECRET_WORDS.has(word)) || words[words.length - 1] === 'key';
}

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  patternProperties?: Record<string, JsonSchemaNode>;
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode | JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  required?: string[];
}

/** Every named property of a JSON schema at any depth, as a path (`a`, `a.b`, `list.c`). */
export function schemaFieldPaths(schema: unknown, prefix = ''): string[] {
  const node = schema as JsonSchemaNode;
  if (!node || typeof node !== 'object') return [];
  const paths: string[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    paths.push(path, ...schemaFieldPaths(child, path));
  }
  const children = [
    ...Object.values(node.patternProperties ?? {}),
    ...(typeof node.additionalProperties === 'object' ? [node.additionalProperties] : []),
    ...(Array.isArray(node.items) ? node.items : node.items ? [node.items] : []),
    ...(node.anyOf ?? []),
    ...(node.allOf ?? []),
    ...(node.oneOf ?? []),
  ];
  for (const child of children) paths.push(...schemaFieldPaths(child, prefix));
  return [...new Set(paths)];
}

function visibilityOf(definition: EventDefinition): Record<string, 'internal' | 'public' | undefined> {
  return (definition.fieldVisibility ?? {}) as Record<string, 'internal' | 'public' | undefined>;
}

/** The top-level `data` fields of a type that never leave Steward. */
export function internalFields(definition: EventDefinition): string[] {
  return Object.entries(visibilityOf(definition))
    .filter(([, visibility]) => visibility === 'internal')
    .map(([field]) => field);
}

/**
 * Paths of `data` fields that look secret (any part of the path, see `looksSecret`) while their
 * top-level field is declared neither `internal` nor `public`. Must be empty for every type.
 */
export function undeclaredSecretLookingFields(definition: EventDefinition): string[] {
  const declared = visibilityOf(definition);
  return schemaFieldPaths(definition.schema).filter((path) => {
    const parts = path.split('.');
    return parts.some(looksSecret) && declared[parts[0]] === undefined;
  });
}

/**
 * The event as it may be shown outside Steward: the same CloudEvent without the internal fields
 * of its type (a new object; the input is left as it is). An unregistered type has no public
 * view: it throws rather than guess.
 */
export function publicEvent(event: CloudEvent): CloudEvent {
  const definition = eventDefinition(event.type);
  if (!definition) throw new Error(`no public view of the unregistered event type ${event.type}`);
  const hidden = new Set(internalFields(definition));
  if (hidden.size === 0) return { ...event };
  return { ...event, data: Object.fromEntries(Object.entries(event.data).filter(([field]) => !hidden.has(field))) };
}

/**
 * The JSON schema of a type's public `data` (plain JSON, no TypeBox symbols): internal fields
 * are neither listed nor required. Where some were removed, other properties are allowed: the
 * message on Kafka still carries them, and a consumer validating it must not refuse it.
 */
export function publicDataSchema(definition: EventDefinition): Record<string, unknown> {
  const schema = JSON.parse(JSON.stringify(definition.schema)) as JsonSchemaNode & Record<string, unknown>;
  const hidden = internalFields(definition);
  if (hidden.length === 0) return schema;
  for (const field of hidden) delete schema.properties?.[field];
  if (schema.required) schema.required = schema.required.filter((field) => !hidden.includes(field));
  delete schema.additionalProperties;
  return schema;
}

/**
 * The event types a feed filter selects: an exact registered type (`user.created`), or every
 * type of a resource (`user.*`). Empty when the filter names nothing registered.
 */
export function eventTypesMatching(filter: string): string[] {
  const types = [...EVENT_DEFINITIONS.keys()];
  if (filter.endsWith('.*')) {
    const prefix = filter.slice(0, -1);
    return prefix.length > 1 ? types.filter((type) => type.startsWith(prefix)) : [];
  }
  return types.includes(filter) ? [filter] : [];
}
