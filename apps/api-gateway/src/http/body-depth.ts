import { DomainError, isJsonObject, jsonDepth } from '@steward/contracts';

/**
 * How deeply objects and arrays may nest in a request body. No route needs more (template
 * `content` allows 64 levels); far deeper bodies would exhaust the stack in class-transformer
 * (it walks bodies recursively, ~2,000 levels) or JSON.stringify, answering 500 instead of 400.
 */
export const MAX_BODY_DEPTH = 128;

/**
 * The 400 for a parsed body nested deeper than MAX_BODY_DEPTH, naming the top-level field that
 * is too deep; undefined when the body is fine. Measured without recursion (`jsonDepth`).
 */
export function bodyDepthError(body: unknown): DomainError | undefined {
  if (jsonDepth(body, MAX_BODY_DEPTH) <= MAX_BODY_DEPTH) return undefined;
  const field = isJsonObject(body) ? Object.keys(body).find((key) => jsonDepth(body[key], MAX_BODY_DEPTH - 1) > MAX_BODY_DEPTH - 1) : undefined;
  return new DomainError('invalid_request', `the request body must not nest objects and arrays more than ${MAX_BODY_DEPTH} levels deep`, [
    { field: field ?? '(body)', issue: 'too_deep' },
  ]);
}
