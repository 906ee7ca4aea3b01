/**
 * Measures of arbitrary JSON values (request bodies, template contents) that are safe on any
 * input: nothing here recurses, so a value nested a million levels deep cannot exhaust the stack.
 */

/**
 * How deeply objects and arrays nest in `value`: a scalar is 0, `{}` and `[]` are 1,
 * `{"a": [1]}` is 2. Stops counting once past `stopAfter` (the answer is then `stopAfter + 1`).
 */
export function jsonDepth(value: unknown, stopAfter = Number.MAX_SAFE_INTEGER): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAfter) return deepest;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** Size of `value` as compact JSON, in UTF-8 bytes. Only for values of bounded depth (see `jsonDepth`). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** True for a JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * JSON with object keys sorted at every level, so two values that differ only in key order
 * serialize the same (`{"b":1,"a":2}` equals `{"a":2,"b":1}`). Only for values of bounded depth.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    isJsonObject(node) ? Object.fromEntries(Object.keys(node).sort().map((k) => [k, node[k]])) : node,
  );
}

/**
 * NUL, and UTF-16 surrogates without their pair (JSON's `"\ud800"`): JSON carries them, but
 * Postgres stores neither (text nor jsonb) and UTF-8 has no bytes for a lone surrogate.
 */
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_TEXT.test(text);
}
