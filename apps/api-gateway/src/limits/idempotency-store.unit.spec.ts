import { MemoryIdempotencyStore } from './idempotency-store';

describe('MemoryIdempotencyStore', () => {
  let now = 0;
  const store = (max = 100) => new MemoryIdempotencyStore(max, () => now);
  beforeEach(() => (now = Date.parse('2026-11-26T12:00:00.000Z')));

  it('lets one claim take a key and shows it to the next', async () => {
    const s = store();
    await expect(s.claim('k', 'claim-1', 1_000)).resolves.toBeNull();
    await expect(s.claim('k', 'claim-2', 1_000)).resolves.toBe('claim-1');
  });

  it('replaces a claim with its outcome, for the outcome’s lifetime', async () => {
    const s = store();
    await s.claim('k', 'claim-1', 1_000);
    await s.settle('k', 'claim-1', 'done', 86_400_000);
    now += 60_000; // well past the claim's own expiry
    await expect(s.claim('k', 'claim-2', 1_000)).resolves.toBe('done');
  });

  it('releases a key when settled without an outcome', async () => {
    const s = store();
    await s.claim('k', 'claim-1', 1_000);
    await s.settle('k', 'claim-1', '', 0);
    await expect(s.claim('k', 'claim-2', 1_000)).resolves.toBeNull();
  });

  it('never overwrites a record another claim holds (the first claim had expired)', async () => {
    const s = store();
    await s.claim('k', 'claim-1', 1_000);
    now += 1_000;
    await expect(s.claim('k', 'claim-2', 1_000)).resolves.toBeNull();
    await s.settle('k', 'claim-1', 'late outcome', 86_400_000);
    await expect(s.claim('k', 'claim-3', 1_000)).resolves.toBe('claim-2');
  });

  it('keeps at most its maximum of records, dropping the oldest', async () => {
    const s = store(3);
    for (const key of ['a', 'b', 'c', 'd']) await s.claim(key, `claim-${key}`, 60_000);
    expect(s.size).toBe(3);
    await expect(s.claim('a', 'again', 60_000)).resolves.toBeNull();
    await expect(s.claim('d', 'again', 60_000)).resolves.toBe('claim-d');
  });
});
