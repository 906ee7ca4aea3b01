import { createHash } from 'node:crypto';
import { GENESIS_HASH, chainHash, compareKeys } from './audit-chain';

describe('chainHash', () => {
  it('is the hex SHA-256 of the previous hash and the content hash joined, as audit_chain_hash in SQL', () => {
    const content = 'a'.repeat(64);
    expect(chainHash(GENESIS_HASH, content)).toBe(createHash('sha256').update(`${'0'.repeat(64)}${content}`).digest('hex'));
    expect(chainHash(GENESIS_HASH, content)).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(content, GENESIS_HASH)).not.toBe(chainHash(GENESIS_HASH, content));
  });
});

describe('compareKeys', () => {
  it('orders by time, then by id (the list order read backwards)', () => {
    const keys = [
      { occurred_at: '2026-11-22T14:00:00.124Z', id: 'aud_01' },
      { occurred_at: '2026-11-22T14:00:00.123Z', id: 'aud_02' },
      { occurred_at: '2026-11-22T14:00:00.123Z', id: 'aud_01' },
    ];
    expect([...keys].sort(compareKeys).map((k) => `${k.occurred_at}|${k.id}`)).toEqual([
      '2026-11-22T14:00:00.123Z|aud_01',
      '2026-11-22T14:00:00.123Z|aud_02',
      '2026-11-22T14:00:00.124Z|aud_01',
    ]);
    expect(compareKeys(keys[0], keys[0])).toBe(0);
  });
});
