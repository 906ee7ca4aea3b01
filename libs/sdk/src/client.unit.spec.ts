import { PageIterator, Steward, type Page } from './client';

describe('PageIterator', () => {
  it('walks every page by its cursor until has_more is false, fetching lazily', async () => {
    const asked: (string | undefined)[] = [];
    const pages: Record<string, Page<number>> = {
      first: { data: [1, 2], meta: { next_cursor: 'b', has_more: true } },
      b: { data: [3, 4], meta: { next_cursor: 'c', has_more: true } },
      c: { data: [5], meta: { next_cursor: null, has_more: false } },
    };
    const iterator = new PageIterator<number>(async (cursor) => (asked.push(cursor), pages[cursor ?? 'first']));
    expect(asked).toEqual([]);
    expect(await iterator.toArray()).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops at a page that says has_more: false even if it carries a cursor', async () => {
    const iterator = new PageIterator<number>(async () => ({ data: [1], meta: { next_cursor: 'x', has_more: false } }));
    expect(await iterator.toArray()).toEqual([1]);
  });
});

describe('Steward types', () => {
  it('types calls from the OpenAPI document (checked by tsc; nothing is sent)', () => {
    const client = new Steward({ apiKey: 'sk_live_x', baseUrl: 'http://127.0.0.1:9' });
    const typed = () => {
      void client.users.create({ name: 'Alex', email: 'alex@company.io', role: 'editor' });
      void client.get('/v1/users/{id}', { path: { id: 'usr_1' } }).then((user) => user.email.toLowerCase());
      // @ts-expect-error: `name` must be a string
      void client.users.create({ name: 1, email: 'alex@company.io', role: 'editor' });
      // @ts-expect-error: the path needs its `id`
      void client.get('/v1/users/{id}');
      // @ts-expect-error: no such path
      void client.get('/v1/nothing');
      // @ts-expect-error: users have no PUT
      void client.request('put', '/v1/users/{id}', { path: { id: 'usr_1' } });
    };
    expect(typeof typed).toBe('function');
  });
});
