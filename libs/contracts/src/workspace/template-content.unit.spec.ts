import { TEMPLATE_CONTENT_MAX_BYTES, TEMPLATE_CONTENT_MAX_DEPTH, templateContentIssue } from './template-content';

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

/** An object whose compact JSON is exactly `bytes` long. */
function ofSize(bytes: number): Record<string, unknown> {
  return { s: 'x'.repeat(bytes - '{"s":""}'.length) };
}

describe('templateContentIssue', () => {
  it('accepts a JSON object up to the limits', () => {
    expect(templateContentIssue({})).toBeUndefined();
    expect(templateContentIssue({ steps: [{ type: 'http', url: 'https://example.test' }] })).toBeUndefined();
    expect(templateContentIssue(nested(TEMPLATE_CONTENT_MAX_DEPTH))).toBeUndefined();
    expect(templateContentIssue(ofSize(TEMPLATE_CONTENT_MAX_BYTES))).toBeUndefined();
  });

  it.each([[[]], [[{ a: 1 }]], [null], [undefined], ['{}'], [42], [true]])('refuses %j as not an object', (content) => {
    expect(templateContentIssue(content)).toBe('not_object');
  });

  it('refuses content over 256 KiB of JSON (counted in UTF-8 bytes)', () => {
    expect(templateContentIssue(ofSize(TEMPLATE_CONTENT_MAX_BYTES + 1))).toBe('too_large');
    expect(templateContentIssue({ s: 'é'.repeat(TEMPLATE_CONTENT_MAX_BYTES / 2) })).toBe('too_large');
  });

  it('refuses content nested deeper than 64 levels, however deep, without recursing', () => {
    expect(templateContentIssue(nested(TEMPLATE_CONTENT_MAX_DEPTH + 1))).toBe('too_deep');
    expect(templateContentIssue(nested(500_000))).toBe('too_deep');
  });
});
