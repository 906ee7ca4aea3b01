import { canonicalJson, isJsonObject, jsonBytes, jsonDepth } from './json';

function nested(levels: number, kind: 'object' | 'array'): unknown {
  let value: unknown = kind === 'object' ? {} : [];
  for (let i = 1; i < levels; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

describe('jsonDepth', () => {
  it.each([
    [1, 0],
    ['x', 0],
    [null, 0],
    [{}, 1],
    [[], 1],
    [{ a: [1, { b: 2 }] }, 3],
    [[[], [[]]], 3],
  ])('measures %j as %i', (value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('handles a million levels without recursion, and stops counting when asked', () => {
    expect(jsonDepth(nested(1_000_000, 'array'))).toBe(1_000_000);
    expect(jsonDepth(nested(1_000_000, 'object'), 64)).toBe(65);
  });
});

describe('jsonBytes', () => {
  it('counts UTF-8 bytes of compact JSON', () => {
    expect(jsonBytes({ a: 'é' })).toBe(Buffer.byteLength('{"a":"é"}'));
    expect(jsonBytes(undefined)).toBe(0);
  });
});

describe('isJsonObject', () => {
  it.each([
    [{}, true],
    [[], false],
    [null, false],
    ['{}', false],
    [3, false],
  ])('%j → %s', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });
});

describe('canonicalJson', () => {
  it('ignores key order at every level but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});
