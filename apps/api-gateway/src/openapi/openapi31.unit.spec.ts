import { toJsonSchema2020, toOpenApi31 } from './openapi31';

describe('toJsonSchema2020 (OpenAPI 3.0 schemas → 3.1)', () => {
  it('puts null among the types of a nullable schema, and in its enum', () => {
    expect(toJsonSchema2020({ type: 'string', nullable: true, format: 'date-time' })).toEqual({ type: ['string', 'null'], format: 'date-time' });
    expect(toJsonSchema2020({ type: 'string', enum: ['a', 'b'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
  });

  it('makes a nullable reference an anyOf with null', () => {
    expect(toJsonSchema2020({ type: 'object', nullable: true, allOf: [{ $ref: '#/components/schemas/A' }], description: 'd' })).toEqual({
      description: 'd',
      anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }],
    });
  });

  it('turns example into examples, at every depth of properties, items and compositions', () => {
    expect(
      toJsonSchema2020({
        type: 'object',
        properties: { a: { type: 'array', items: { type: 'integer', example: 3, nullable: true } }, b: { anyOf: [{ type: 'string', example: 'x' }] } },
        additionalProperties: { type: 'string', nullable: false },
        example: { a: [3] },
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'array', items: { type: ['integer', 'null'], examples: [3] } }, b: { anyOf: [{ type: 'string', examples: ['x'] }] } },
      additionalProperties: { type: 'string' },
      examples: [{ a: [3] }],
    });
  });

  it('leaves a property named like a keyword alone', () => {
    expect(toJsonSchema2020({ type: 'object', properties: { nullable: { type: 'boolean' }, example: { type: 'string' } } })).toEqual({
      type: 'object',
      properties: { nullable: { type: 'boolean' }, example: { type: 'string' } },
    });
  });
});

describe('toOpenApi31', () => {
  it('converts the schemas of components, parameters, bodies and responses, and leaves their examples', () => {
    const converted = toOpenApi31({
      openapi: '3.0.0',
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'q', in: 'query', example: 'hi', schema: { type: 'string', nullable: true } }],
            responses: { '200': { description: 'ok', content: { 'application/json': { example: { a: 1 }, schema: { type: 'integer', example: 1 } } } } },
          },
        },
      },
      components: { schemas: { A: { type: 'string', nullable: true } } },
    });
    expect(converted).toEqual({
      openapi: '3.1.0',
      jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
      paths: {
        '/x': {
          get: {
            parameters: [{ name: 'q', in: 'query', example: 'hi', schema: { type: ['string', 'null'] } }],
            responses: { '200': { description: 'ok', content: { 'application/json': { example: { a: 1 }, schema: { type: 'integer', examples: [1] } } } } },
          },
        },
      },
      components: { schemas: { A: { type: ['string', 'null'] } } },
    });
  });
});
