import { unstorableTextError } from './unstorable-text';

describe('unstorableTextError', () => {
  it('lets ordinary text through, emoji, RTL marks and combining marks included', () => {
    expect(unstorableTextError({ body: { name: '👩‍👩‍👧‍👦 \u202Eevil\u202C e\u0301', tags: ['𝕳'] }, query: { q: 'ﷺ' }, params: { id: 'usr_1' } })).toBeUndefined();
    expect(unstorableTextError({})).toBeUndefined();
  });

  it.each([
    ['a NUL in a body value', { body: { name: 'a\u0000b' } }, 'name'],
    ['a lone high surrogate', { body: { name: 'x\uD800' } }, 'name'],
    ['a lone low surrogate deep in an array', { body: { content: { blocks: [{ text: '\uDC00y' }] } } }, 'content.blocks[0].text'],
    ['a NUL in a body key', { body: { content: { 'k\u0000': 1 } } }, 'content'],
    ['a NUL in the query', { query: { workspace_id: '\u0000' } }, 'workspace_id'],
    ['a NUL in a path parameter', { params: { id: 'key_\u0000' } }, 'id'],
  ])('refuses %s with 400 invalid_request naming the field', (_label, request, field) => {
    const error = unstorableTextError(request);
    expect(error?.code).toBe('invalid_request');
    expect(error?.details).toEqual([{ field, issue: 'invalid_characters' }]);
  });
});
