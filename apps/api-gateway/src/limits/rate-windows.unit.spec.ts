import { MemoryRateWindows, rateLimitDecision } from './rate-windows';

const T = Date.parse('2026-11-26T12:00:00.000Z');

describe('rateLimitDecision', () => {
  it('allows up to the limit, then refuses, with what the headers say', () => {
    expect(rateLimitDecision(1, 60_000, 5)).toEqual({ allowed: true, limit: 5, remaining: 4, resetSeconds: 60 });
    expect(rateLimitDecision(5, 30_001, 5)).toEqual({ allowed: true, limit: 5, remaining: 0, resetSeconds: 31 });
    expect(rateLimitDecision(6, 30_000, 5)).toEqual({ allowed: false, limit: 5, remaining: 0, resetSeconds: 30 });
    expect(rateLimitDecision(40, 10_000, 5).remaining).toBe(0);
  });

  it('never says "reset in 0 s" while the window is still open', () => {
    expect(rateLimitDecision(6, 1, 5).resetSeconds).toBe(1);
  });
});

describe('MemoryRateWindows', () => {
  it('counts the requests of one key in a window that starts at its first request', () => {
    const windows = new MemoryRateWindows(60_000);
    expect(windows.hit('key_a', T)).toEqual({ count: 1, resetInMs: 60_000 });
    expect(windows.hit('key_a', T + 1_000)).toEqual({ count: 2, resetInMs: 59_000 });
    expect(windows.hit('key_b', T + 2_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('starts a new window once the old one is over', () => {
    const windows = new MemoryRateWindows(60_000);
    for (let i = 0; i < 7; i++) windows.hit('key_a', T + i);
    expect(windows.hit('key_a', T + 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('forgets the windows of keys no longer in use', () => {
    const windows = new MemoryRateWindows(60_000);
    for (let i = 0; i < 100; i++) windows.hit(`key_${i}`, T);
    expect(windows.size).toBe(100);
    windows.hit('key_new', T + 60_000);
    expect(windows.size).toBe(1);
  });
});
