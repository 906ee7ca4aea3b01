/** A thin HTTP client for e2e tests: real requests to the test stack's gateway. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function gatewayUrl(): string {
  const url = process.env.STEWARD_TEST_GATEWAY_URL;
  if (!url) throw new Error('STEWARD_TEST_GATEWAY_URL is not set: run e2e tests with jest.e2e.config.js');
  return url;
}

export async function request<T = unknown>(
  method: string,
  path: string,
  options: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; baseUrl?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${options.baseUrl ?? gatewayUrl()}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // leave as text
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** An API client bound to one key (and to the stack's gateway, or the one at `baseUrl`). */
export function apiAs(key: string, baseUrl?: string) {
  return {
    get: <T = unknown>(path: string, headers?: Record<string, string>) => request<T>('GET', path, { key, headers, baseUrl }),
    post: <T = unknown>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('POST', path, { key, body, headers, baseUrl }),
    request: <T = unknown>(method: string, path: string, options: Parameters<typeof request>[2] = {}) => request<T>(method, path, { key, baseUrl, ...options }),
  };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, { timeoutMs = 15000, intervalMs = 100, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
