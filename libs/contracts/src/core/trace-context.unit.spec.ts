import { childTraceContext, formatTraceparent, newTraceContext, parseTraceparent, traceIdOf } from './trace-context';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('parseTraceparent', () => {
  it('reads a version-00 header', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' });
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.flags).toBe('00');
    expect(parseTraceparent([VALID, '00-11111111111111111111111111111111-2222222222222222-01'])?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('formats what it reads back to the same header', () => {
    expect(formatTraceparent(parseTraceparent(VALID)!)).toBe(VALID);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too short', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0'],
    ['version 00 with more fields', `${VALID}-extra`],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['uppercase hex', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['a non-hex character', '00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01'],
    ['wrong separators', '00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01'],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01x'],
    ['a higher version glued to more text', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x'],
  ])('refuses %s', (_case, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('reads a higher version by its first four fields, keeping only the sampled flag', () => {
    expect(parseTraceparent('cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-what-the-future-holds')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02')?.flags).toBe('00');
  });
});

describe('new and child trace contexts', () => {
  it('starts new sampled traces with fresh, valid ids', () => {
    const a = newTraceContext();
    const b = newTraceContext();
    expect(parseTraceparent(formatTraceparent(a))).toEqual(a);
    expect(a.flags).toBe('01');
    expect(a.traceId).not.toBe(b.traceId);
    expect(a.spanId).not.toBe(b.spanId);
  });

  it('makes a child span in the same trace, with the parent’s flags', () => {
    const child = childTraceContext(VALID);
    expect(child.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe('00f067aa0ba902b7');
    expect(childTraceContext(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).flags).toBe('00');
  });

  it('starts a new trace when the parent is missing or invalid', () => {
    expect(childTraceContext(undefined).traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(childTraceContext('garbage').traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('gives unique span ids across many calls (the id pool refills)', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => childTraceContext(VALID).spanId));
    expect(ids.size).toBe(2000);
  });

  it('tells the trace id of a header', () => {
    expect(traceIdOf(VALID)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf('nonsense')).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
  });
});
