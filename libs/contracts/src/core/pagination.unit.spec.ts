import { DomainError } from './errors';
import { decodeCursor, encodeCursor, limitByBytes, toPage } from './pagination';

describe('pagination', () => {
  it('round-trips an opaque cursor', () => {
    expect(decodeCursor(encodeCursor({ k: 'usr_123' }))).toEqual({ k: 'usr_123' });
  });

  it.each(['%%%', 'bm90LWpzb24', Buffer.from('{"x":1}').toString('base64url'), encodeCursor({ k: 'a\u0000b' }), encodeCursor({ k: '\uD800' })])('rejects the malformed cursor %p with invalid_request', (cursor) => {
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

  it('hands out the last key as it is when asked to (the event feed: `after=<event id>`)', () => {
    const page = toPage([{ id: 'evt_a' }, { id: 'evt_b' }, { id: 'evt_c' }], 2, (r) => r.id, (r) => r.id, (key) => key);
    expect(page.meta).toEqual({ next_cursor: 'evt_b', has_more: true });
  });

  it('ends with a null cursor', () => {
    expect(toPage([{ id: 'a' }], 2, (r) => r.id, (r) => r.id).meta).toEqual({ next_cursor: null, has_more: false });
  });
});

describe('limitByBytes', () => {
  const rows = [{ id: 'd', n: 'x'.repeat(100) }, { id: 'c', n: 'x'.repeat(100) }, { id: 'b', n: 'x'.repeat(100) }, { id: 'a', n: 'x'.repeat(100) }];
  const size = () => 100;

  it('keeps the limit when the rows fit', () => {
    expect(limitByBytes(rows, 3, 1000, size)).toBe(3);
    expect(limitByBytes(rows.slice(0, 2), 3, 1000, size)).toBe(3);
  });

  it('cuts a page short before it grows past the budget; the page says there is more', () => {
    const limit = limitByBytes(rows, 3, 250, size);
    expect(limit).toBe(2);
    const page = toPage(rows, limit, (r) => r.id, (r) => r.id);
    expect(page.data).toEqual(['d', 'c']);
    expect(page.meta.has_more).toBe(true);
    expect(decodeCursor(page.meta.next_cursor as string)).toEqual({ k: 'c' });
  });

  it('always takes at least one row, however large', () => {
    expect(limitByBytes(rows, 3, 10, size)).toBe(1);
  });

  it('measures compact JSON by default', () => {
    // 2 × 9 characters would fit; 2 × 10 UTF-8 bytes do not.
    expect(limitByBytes([{ a: 'é' }, { a: 'é' }], 2, 2 * JSON.stringify({ a: 'é' }).length)).toBe(1);
  });
});
