import { DomainError, hasUnstorableText } from '@steward/contracts';

/*
 * NUL, and UTF-16 surrogates without their pair (JSON's `"\ud800"`), cannot be stored by
 * Postgres (text nor jsonb) nor written as UTF-8: left in, they fail deep in a service as a 500.
 * No field of the API has a use for them, so they are refused at the door — in any string of the
 * body (keys too), the query or the path.
 */

/** Where the first unstorable string of `value` is (a dotted path), or undefined. Iterative: bodies may nest deeply. */
function unstorableAt(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [current, at] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (hasUnstorableText(current)) return at;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push([item, `${at}[${index}]`]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const field = at ? `${at}.${key}` : key;
        if (hasUnstorableText(key)) return at || '(body)';
        stack.push([item, field]);
      }
    }
  }
  return undefined;
}

/** The 400 for a request carrying text no service can store; undefined when there is none. */
export function unstorableTextError(request: { body?: unknown; query?: unknown; params?: unknown }): DomainError | undefined {
  const field = unstorableAt(request.params, '') ?? unstorableAt(request.query, '') ?? unstorableAt(request.body, '');
  if (field === undefined) return undefined;
  return new DomainError('invalid_request', 'text must not contain NUL characters or unpaired UTF-16 surrogates', [{ field: field || '(body)', issue: 'invalid_characters' }]);
}
