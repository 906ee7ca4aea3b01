/**
 * @nestjs/swagger writes OpenAPI 3.0 (its schemas say `nullable: true`, `example: x`); the
 * document we publish is OpenAPI 3.1, whose schemas are JSON Schema 2020-12. This is the one
 * conversion, applied to every schema of the generated document:
 *
 * - `nullable: true` → `null` among the types (`type: ["string", "null"]`, and `null` in an
 *   `enum`); a nullable reference (`allOf: [{$ref}]`) → `anyOf: [{$ref}, {type: "null"}]`;
 * - `example: x` → `examples: [x]` (3.1 deprecates `example` in schemas).
 *
 * Parameter and media-type `example`s are not schemas and stay as they are.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function toJsonSchema2020(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'properties':
      case 'patternProperties':
      case '$defs':
        out[key] = isObject(value) ? Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, toJsonSchema2020(inner)])) : value;
        break;
      case 'items':
      case 'additionalProperties':
      case 'not':
      case 'contains':
        out[key] = toJsonSchema2020(value);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
      case 'prefixItems':
        out[key] = Array.isArray(value) ? value.map(toJsonSchema2020) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if ('example' in out) {
    out.examples = [out.example];
    delete out.example;
  }
  if (out.nullable === true) {
    delete out.nullable;
    const refs = out.allOf;
    if (Array.isArray(refs) && refs.length === 1 && isObject(refs[0]) && '$ref' in refs[0]) {
      const { allOf: _allOf, type: _type, ...rest } = out;
      return { ...rest, anyOf: [refs[0], { type: 'null' }] };
    }
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...(out.type as string[]), 'null'];
    else if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  return out;
}

/** Every schema of a parameter list, a request body or a response map. */
function convertParameters(parameters: unknown): unknown {
  return Array.isArray(parameters) ? parameters.map((p) => (isObject(p) && 'schema' in p ? { ...p, schema: toJsonSchema2020(p.schema) } : p)) : parameters;
}

function convertContent(content: unknown): unknown {
  if (!isObject(content)) return content;
  return Object.fromEntries(Object.entries(content).map(([type, media]) => [type, isObject(media) && 'schema' in media ? { ...media, schema: toJsonSchema2020(media.schema) } : media]));
}

function convertHeaders(headers: unknown): unknown {
  if (!isObject(headers)) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, header]) => [name, isObject(header) && 'schema' in header ? { ...header, schema: toJsonSchema2020(header.schema) } : header]));
}

function convertOperation(operation: Json): Json {
  const out: Json = { ...operation, parameters: convertParameters(operation.parameters) };
  if (out.parameters === undefined) delete out.parameters;
  if (isObject(operation.requestBody)) out.requestBody = { ...operation.requestBody, content: convertContent(operation.requestBody.content) };
  if (isObject(operation.responses)) {
    out.responses = Object.fromEntries(
      Object.entries(operation.responses).map(([status, response]) => [
        status,
        isObject(response) ? { ...response, ...(response.content ? { content: convertContent(response.content) } : {}), ...(response.headers ? { headers: convertHeaders(response.headers) } : {}) } : response,
      ]),
    );
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The 3.1 form of a document @nestjs/swagger generated (see above). */
export function toOpenApi31(document: Json): Json {
  const paths = isObject(document.paths) ? document.paths : {};
  const components = isObject(document.components) ? document.components : {};
  const convertedPaths = Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      if (!isObject(item)) return [path, item];
      const converted: Json = { ...item };
      for (const method of METHODS) if (isObject(item[method])) converted[method] = convertOperation(item[method]);
      if (item.parameters) converted.parameters = convertParameters(item.parameters);
      return [path, converted];
    }),
  );
  const schemas = isObject(components.schemas) ? components.schemas : {};
  return {
    ...document,
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    paths: convertedPaths,
    components: {
      ...components,
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema2020(schema)])),
    },
  };
}
