import { KeyUsageBuffer } from './key-usage';

const T = Date.parse('2026-11-26T12:00:00.000Z');

describe('KeyUsageBuffer', () => {
  it('keeps only the latest use of each key, and drains it once', () => {
    const buffer = new KeyUsageBuffer();
    buffer.record('key_a', T + 5);
    buffer.record('key_a', T + 1);
    buffer.record('key_b', T);
    expect(buffer.drain(10)).toEqual([
      { key_id: 'key_a', last_used_at: '2026-11-26T12:00:00.005Z' },
      { key_id: 'key_b', last_used_at: '2026-11-26T12:00:00.000Z' },
    ]);
    expect(buffer.size).toBe(0);
    expect(buffer.drain(10)).toEqual([]);
  });

  it('drains in chunks', () => {
    const buffer = new KeyUsageBuffer();
    for (let i = 0; i < 5; i++) buffer.record(`key_${i}`, T);
    expect(buffer.drain(2)).toHaveLength(2);
    expect(buffer.drain(10)).toHaveLength(3);
  });

  it('restores a failed flush without overwriting a later use', () => {
    const buffer = new KeyUsageBuffer();
    buffer.record('key_a', T);
    const failed = buffer.drain(10);
    buffer.record('key_a', T + 10);
    buffer.restore([...failed, { key_id: 'key_b', last_used_at: new Date(T).toISOString() }]);
    expect(buffer.drain(10)).toEqual([
      { key_id: 'key_a', last_used_at: '2026-11-26T12:00:00.010Z' },
      { key_id: 'key_b', last_used_at: '2026-11-26T12:00:00.000Z' },
    ]);
  });

  it('tracks at most maxKeys distinct keys, still moving those forward', () => {
    const buffer = new KeyUsageBuffer(2);
    buffer.record('key_a', T);
    buffer.record('key_b', T);
    buffer.record('key_c', T);
    buffer.record('key_a', T + 1);
    expect(buffer.drain(10).map((u) => [u.key_id, u.last_used_at])).toEqual([
      ['key_a', '2026-11-26T12:00:00.001Z'],
      ['key_b', '2026-11-26T12:00:00.000Z'],
    ]);
  });
});
