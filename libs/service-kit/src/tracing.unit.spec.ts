import { httpRequestTrace, traceLogFields } from './tracing';

describe('httpRequestTrace', () => {
  it('continues a valid incoming trace in a span of its own', () => {
    const trace = httpRequestTrace({ headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect(trace.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace.span_id).not.toBe('00f067aa0ba902b7');
    expect(trace.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${trace.span_id}-01`);
  });

  it('starts a new trace without a valid one', () => {
    expect(httpRequestTrace({ headers: {} }).trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(httpRequestTrace({ headers: { traceparent: 'garbage' } }).trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is made once per request: the access log, the response header and the RPC calls agree', () => {
    const request = { headers: {} };
    expect(httpRequestTrace(request)).toBe(httpRequestTrace(request));
    expect(httpRequestTrace({ headers: {} }).trace_id).not.toBe(httpRequestTrace(request).trace_id);
  });
});

describe('traceLogFields', () => {
  it('names the trace and span of a traceparent, and nothing for an invalid one', () => {
    expect(traceLogFields('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
    expect(traceLogFields(undefined)).toEqual({});
  });
});
