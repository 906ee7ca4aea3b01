import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError, TEMPLATE_CONTENT_MAX_BYTES } from '@steward/contracts';
import { bodyDepthError, MAX_BODY_DEPTH } from '../http/body-depth';
import { stewardValidationPipe } from '../http/validation';
import { CreateTemplateFieldsDto, TemplateBodyPipe, UpdateTemplateFieldsDto } from './templates.dto';

const createPipe = new TemplateBodyPipe(CreateTemplateFieldsDto, true);
const updatePipe = new TemplateBodyPipe(UpdateTemplateFieldsDto, false);
const asBody: ArgumentMetadata = { type: 'body', metatype: Object };

async function refusal(body: unknown, pipe = createPipe): Promise<DomainError> {
  try {
    await pipe.transform(body, asBody);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('the body was accepted');
}

function nested(levels: number, kind: 'object' | 'array' = 'object'): unknown {
  let value: unknown = kind === 'object' ? { leaf: 1 } : [1];
  for (let i = 1; i < levels; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

const valid = { name: 'Webhook', workspace_id: 'ws_1', content: { steps: [{ type: 'http' }] } };

describe('TemplateBodyPipe: POST', () => {
  it('passes content through exactly as sent: same key order, keys such as constructor and prototype kept', async () => {
    const text = '{"z":1,"constructor":{"name":"kept"},"a":[{"y":2,"prototype":null}],"m":{"toString":"x"}}';
    const content = JSON.parse(text) as Record<string, unknown>;
    const body = (await createPipe.transform({ ...valid, content }, asBody)) as { content: unknown; name: string };
    expect(body.content).toBe(content);
    expect(JSON.stringify(body.content)).toBe(text);
    expect(body).toEqual({ ...valid, content });
  });

  it('reports the other fields and the content together', async () => {
    const error = await refusal({ name: 7, workspace_id: 'ws_1', content: [] });
    expect(error.details).toEqual([expect.objectContaining({ field: 'name' }), { field: 'content', issue: 'not_object' }]);
  });

  it('refuses a body that is not an object', async () => {
    expect((await refusal([valid])).code).toBe('invalid_request');
  });

  it('accepts content of exactly 256 KiB and 64 levels', async () => {
    const big = { s: 'x'.repeat(TEMPLATE_CONTENT_MAX_BYTES - '{"s":""}'.length) };
    await expect(createPipe.transform({ ...valid, content: big }, asBody)).resolves.toMatchObject({ content: big });
    await expect(createPipe.transform({ ...valid, content: nested(64) }, asBody)).resolves.toBeDefined();
  });

  it.each([
    ['an array', 'not_object', [{ a: 1 }]],
    ['null', 'not_object', null],
    ['a string', 'not_object', '{"a":1}'],
    ['a number', 'not_object', 1],
    ['nothing', 'not_object', undefined],
    ['over 256 KiB', 'too_large', { s: 'x'.repeat(TEMPLATE_CONTENT_MAX_BYTES) }],
    ['nested 65 levels', 'too_deep', nested(65)],
    ['an array nested 120 levels', 'too_deep', { a: nested(119, 'array') }],
  ])('refuses content that is %s (400 content/%s)', async (_label, issue, content) => {
    const error = await refusal({ ...valid, content });
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('invalid_request');
    expect(error.details).toEqual([{ field: 'content', issue }]);
  });

  it('refuses unknown fields and a missing workspace_id', async () => {
    expect((await refusal({ ...valid, extra: 1 })).details).toEqual([{ field: 'extra', issue: 'unknown_field' }]);
    expect((await refusal({ name: 'x', content: {} })).details).toEqual([expect.objectContaining({ field: 'workspace_id' })]);
  });
});

describe('TemplateBodyPipe: PATCH', () => {
  it('accepts any subset of fields, and null to clear the description', async () => {
    await expect(updatePipe.transform({}, asBody)).resolves.toEqual({});
    await expect(updatePipe.transform({ description: null }, asBody)).resolves.toMatchObject({ description: null });
    const content = { b: 1, a: 2 };
    await expect(updatePipe.transform({ content }, asBody)).resolves.toEqual({ content });
  });

  it.each([
    ['null content', { content: null }, 'content'],
    ['array content', { content: [] }, 'content'],
    ['a null name', { name: null }, 'name'],
    ['a null workspace_id', { workspace_id: null }, 'workspace_id'],
  ])('refuses %s', async (_label, body, field) => {
    expect((await refusal(body, updatePipe)).details).toEqual([expect.objectContaining({ field })]);
  });
});

describe('bodyDepthError', () => {
  it('lets bodies up to the limit through', () => {
    expect(bodyDepthError(undefined)).toBeUndefined();
    expect(bodyDepthError({ ...valid, content: nested(MAX_BODY_DEPTH - 1) })).toBeUndefined();
  });

  it('names the top-level field that nests too deep, however deep (no recursion)', () => {
    for (const content of [nested(MAX_BODY_DEPTH), nested(500_000, 'array')]) {
      const error = bodyDepthError({ ...valid, content });
      expect(error?.code).toBe('invalid_request');
      expect(error?.details).toEqual([{ field: 'content', issue: 'too_deep' }]);
    }
    expect(bodyDepthError(nested(MAX_BODY_DEPTH + 1, 'array'))?.details).toEqual([{ field: '(body)', issue: 'too_deep' }]);
  });

  it('keeps class-transformer from ever seeing a body deep enough to overflow the stack', async () => {
    const deep = { ...valid, content: { a: nested(5000, 'array') } };
    expect(bodyDepthError(deep)).toBeDefined();
    // Unchecked, such a body makes the validation pipe itself throw (a RangeError → 500).
    await expect(stewardValidationPipe().transform({ name: nested(5000, 'array') }, { type: 'body', metatype: UpdateTemplateFieldsDto })).rejects.toBeInstanceOf(
      RangeError,
    );
  });
});
