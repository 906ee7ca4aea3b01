import { isIP } from 'node:net';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
// The official OpenAPI 3.1 schema (Schema Objects are checked separately, by compiling them).
import OPENAPI_31_SCHEMA from '@seriousme/openapi-schema-validator/schemas/v3.1/schema.json';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function newAjv(): Ajv2020 {
  // Strict: an unknown keyword or an ambiguous schema fails to compile (the document must be usable for validation).
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('ip', (value: string) => isIP(value) !== 0);
  ajv.addFormat('media-range', true);
  return ajv;
}

const describe = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');

/** Problems of `document` as an OpenAPI 3.1 document: the official schema, and every component schema compiles. */
export function openApi31Problems(document: Json): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('media-range', true);
  const validate = ajv.compile(OPENAPI_31_SCHEMA as Json);
  const problems = validate(document) ? [] : [`not a valid OpenAPI 3.1 document: ${describe(validate.errors)}`];
  try {
    new OpenApiConformance(document);
  } catch (error) {
    problems.push(`a schema does not compile: ${(error as Error).message}`);
  }
  return problems;
}

/**
 * Closes every object schema that lists its properties (`additionalProperties: false` unless it
 * says otherwise), so that a live response with a field the document does not have fails. The
 * published document stays open (clients should tolerate new fields); the test is strict.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!isObject(schema)) return schema;
  const out: Json = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'examples' || key === 'const' || key === 'enum' || key === 'default' ? value : closed(value)]));
  if (isObject(out.properties) && out.additionalProperties === undefined && out.patternProperties === undefined) out.additionalProperties = false;
  return out;
}

/** `#/components/schemas/X` → `#/$defs/X`, so the component schemas form one JSON Schema document. */
function asDefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asDefs);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', `${DEFS_ID}#/$defs/`) : asDefs(inner)]),
  );
}

const DEFS_ID = 'urn:steward:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Json;
}

export interface LiveResponse {
  status: number;
  headers: Headers;
  /** The raw body (empty string when none). */
  text: string;
}

/**
 * A live response checked against an OpenAPI 3.1 document: its status must be documented for the
 * operation, its body must validate against the documented schema of that status and content
 * type (objects closed, see `closed`), and its documented required headers must be present and
 * valid.
 */
export class OpenApiConformance {
  private readonly ajv = newAjv();
  private readonly validators = new Map<unknown, ValidateFunction>();
  readonly operations: DocumentedOperation[];
  private readonly matchers: { method: string; path: string; pattern: RegExp; literal: number; operation: Json }[];

  constructor(private readonly document: Json) {
    const components = isObject(document.components) ? document.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    this.ajv.addSchema({ $id: DEFS_ID, $defs: closed(asDefs(schemas)) as Json });
    // Compile every component schema now: a schema the validator cannot use fails here.
    for (const name of Object.keys(schemas)) this.ajv.getSchema(`${DEFS_ID}#/$defs/${name}`);
    const paths = isObject(document.paths) ? document.paths : {};
    this.operations = Object.entries(paths).flatMap(([path, item]) =>
      isObject(item) ? METHODS.filter((method) => isObject(item[method])).map((method) => ({ method: method.toUpperCase(), path, operation: item[method] as Json })) : [],
    );
    this.matchers = this.operations
      .map(({ method, path, operation }) => ({
        method,
        path,
        operation,
        literal: path.split('/').filter((segment) => !segment.startsWith('{')).length,
        pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => b.literal - a.literal);
  }

  /** The documented operation a request goes to (literal segments win over templated ones). */
  find(method: string, url: string): DocumentedOperation | undefined {
    const path = new URL(url, 'http://x').pathname;
    const found = this.matchers.find((m) => m.method === method.toUpperCase() && m.pattern.test(path));
    return found && { method: found.method, path: found.path, operation: found.operation };
  }

  /** What is wrong with a live response of `method url` (empty: it conforms). */
  check(method: string, url: string, response: LiveResponse): string[] {
    const found = this.find(method, url);
    const where = `${method} ${url} → ${response.status}`;
    if (!found) return [`${where}: no documented operation`];
    const responses = isObject(found.operation.responses) ? found.operation.responses : {};
    const documented = this.resolve(responses[String(response.status)]);
    if (!documented) return [`${where}: status ${response.status} is not documented for ${found.method} ${found.path} (documented: ${Object.keys(responses).join(', ')})`];
    const problems: string[] = [];
    const headers = isObject(documented.headers) ? documented.headers : {};
    for (const [name, raw] of Object.entries(headers)) {
      const header = this.resolve(raw);
      const value = response.headers.get(name);
      if (value === null) {
        if (header?.required === true) problems.push(`${where}: documented header ${name} is missing`);
        continue;
      }
      if (header && isObject(header.schema)) {
        const headerValue = header.schema.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
        const validate = this.validator(header.schema);
        if (!validate(headerValue)) problems.push(`${where}: header ${name}: ${describe(validate.errors)}`);
      }
    }
    const content = isObject(documented.content) ? documented.content : undefined;
    if (!content) {
      if (response.text !== '') problems.push(`${where}: a body where none is documented`);
      return problems;
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    const media = content[type];
    if (!isObject(media)) return [...problems, `${where}: content type ${type || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`];
    if (!isObject(media.schema)) return problems;
    let body: unknown = response.text;
    if (type === 'application/json' || type.endsWith('+json')) {
      try {
        body = JSON.parse(response.text);
      } catch {
        return [...problems, `${where}: the body is not JSON`];
      }
    }
    const validate = this.validator(media.schema);
    if (!validate(body)) problems.push(`${where}: the body does not match the documented schema: ${describe(validate.errors)}`);
    return problems;
  }

  private resolve(value: unknown): Json | undefined {
    if (!isObject(value)) return undefined;
    if (typeof value.$ref !== 'string') return value;
    const target = value.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (isObject(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), this.document);
    return this.resolve(target);
  }

  private validator(schema: Json): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(closed(asDefs(schema)) as Json);
      this.validators.set(schema, validate);
    }
    return validate;
  }
}
