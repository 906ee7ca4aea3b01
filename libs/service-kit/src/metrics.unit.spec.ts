import { metricsRegistry, observeHttpRequest, registerScrapeGauge } from './metrics';

/** The lines of one metric in the registry's text exposition. */
async function linesOf(name: string): Promise<string[]> {
  return (await metricsRegistry.metrics()).split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('HTTP request metrics', () => {
  it('count requests by method, route pattern and status, with an `unmatched` route for what matched none', async () => {
    observeHttpRequest('GET', '/v1/users/:id', 200, 12);
    observeHttpRequest('GET', '/v1/users/:id', 200, 3);
    observeHttpRequest('GET', undefined, 404, 1);
    const counts = await linesOf('http_request_duration_seconds_count');
    expect(counts).toContain('http_request_duration_seconds_count{method="GET",route="/v1/users/:id",status="200"} 2');
    expect(counts).toContain('http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1');
    expect(await linesOf('http_request_duration_seconds_sum')).toContain('http_request_duration_seconds_sum{method="GET",route="/v1/users/:id",status="200"} 0.015');
    expect(await linesOf('http_request_duration_seconds_bucket')).toContain('http_request_duration_seconds_bucket{method="GET",route="/v1/users/:id",status="200",le="0.005"} 1');
  });
});

describe('scrape gauges', () => {
  it('read their values when scraped, and at most once per cache period', async () => {
    let reads = 0;
    registerScrapeGauge({ name: 'test_widgets', help: 'widgets', labelNames: ['colour'], read: async () => [{ labels: { colour: 'red' }, value: ++reads }], cacheMs: 60_000 });
    expect(await linesOf('test_widgets')).toEqual(['test_widgets{colour="red"} 1']);
    expect(await linesOf('test_widgets')).toEqual(['test_widgets{colour="red"} 1']);
    expect(reads).toBe(1);
  });

  it('drop their series when a read fails, without failing the scrape', async () => {
    let fail = false;
    registerScrapeGauge({
      name: 'test_backlog',
      help: 'backlog',
      labelNames: [],
      cacheMs: 0,
      read: async () => {
        if (fail) throw new Error('database unreachable');
        return [{ labels: {}, value: 4 }];
      },
    });
    expect(await linesOf('test_backlog')).toEqual(['test_backlog 4']);
    fail = true;
    expect(await linesOf('test_backlog')).toEqual([]);
    expect(await linesOf('http_request_duration_seconds_count')).not.toEqual([]);
  });

  it('replace an earlier gauge of the same name', async () => {
    registerScrapeGauge({ name: 'test_twice', help: 'first', labelNames: [], read: async () => [{ labels: {}, value: 1 }] });
    registerScrapeGauge({ name: 'test_twice', help: 'second', labelNames: [], read: async () => [{ labels: {}, value: 2 }] });
    expect(await linesOf('test_twice')).toEqual(['test_twice 2']);
  });
});
