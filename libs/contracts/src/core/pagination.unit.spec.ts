import { DomainError } from './errors';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('pagination', () => {
  it('round-trips an opaque cursor', () => {
    expect(decodeCursor(encodeCursor({ k: 'usr_123' }))).toEqual({ k: 'usr_123' });
  });

  it.each(['%%%', 'bm90LWpzb24', Buffer.from('{"x":1}').toString('base64url')])('rejects the malformed cursor %p with invalid_request', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(DomainError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as DomainError).code).toBe('invalid_request');
    }
  });

  it('uses the extra row only to say there is more', () => {
    const page = toPage([{ id: 'c' }, { id: 'b' }, { id: 'a' }], 2, (r) => r.id, (r) => r.id);
    expect(page.data).toEqual(['c', 'b']);
    expect(page.meta.has_more).toBe(true);
    expect(decodeCursor(page.meta.next_cursor as string)).toEqual({ k: 'b' });
  });

  it('ends with a null cursor', () => {
    expect(toPage([{ id: 'a' }], 2, (r) => r.id, (r) => r.id).meta).toEqual({ next_cursor: null, has_more: false });
  });
});
