import type { paths } from './generated/schema';
import { StewardConnectionError, StewardError } from './errors';
import { DEFAULT_RETRY, isRetryable, retryAfterMs, retryDelayMs, type RetryOptions } from './retry';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `M`. */
export type PathsFor<M extends HttpMethod> = { [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never }[keyof paths];
/** The operation `M P` of the document. */
export type Operation<P extends keyof paths, M extends HttpMethod> = paths[P] extends { [K in M]: infer O } ? O : never;

type Defined<T> = Exclude<T, undefined>;
type IsNever<T> = [T] extends [never] ? true : false;

export type PathParams<O> = O extends { parameters: { path?: infer T } } ? Defined<T> : never;
export type QueryParams<O> = O extends { parameters: { query?: infer T } } ? Defined<T> : never;
export type RequestBody<O> = O extends { requestBody?: infer R } ? (IsNever<Defined<R>> extends true ? never : Defined<R> extends { content: { 'application/json': infer B } } ? B : never) : never;
/** The body of the operation's success answer: its JSON, a string for other media types, `undefined` for a 204. */
export type ResponseBody<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? (R[S] extends { content: { 'application/json': infer B } } ? B : R[S] extends { content: object } ? string : never) : never }[keyof R] extends infer B
    ? IsNever<B> extends true
      ? undefined
      : B
    : never
  : never;

/** Options of one call: what every call may carry, and the path, query and body its operation takes. */
export type RequestOptions<O> = CallOptions &
  (IsNever<PathParams<O>> extends true ? { path?: undefined } : { path: PathParams<O> }) &
  (IsNever<QueryParams<O>> extends true ? { query?: undefined } : { query?: QueryParams<O> }) &
  (IsNever<RequestBody<O>> extends true ? { body?: undefined } : { body: RequestBody<O> });

export interface CallOptions {
  /** `If-Match`: the resource's `version` (or its ETag); a stale one fails with `precondition_failed`. */
  ifMatch?: number | string;
  /**
   * `Idempotency-Key` of a POST. By default the client makes one per call (and keeps it across
   * that call's retries), so a POST is safe to retry; `false` sends none (then a POST is retried
   * only after a 429).
   */
  idempotencyKey?: string | false;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface StewardOptions {
  /** `sk_live_…`. Optional only for the calls that need no key (accepting an invitation). */
  apiKey?: string;
  /** Default `http://127.0.0.1:3000`. */
  baseUrl?: string;
  /** Retries after the first attempt (default 3); see `retry`. */
  maxRetries?: number;
  /** The rest of the retry policy (backoff steps, the longest `Retry-After` waited for). */
  retry?: Partial<Omit<RetryOptions, 'maxRetries'>>;
  /** Per attempt (default 30 s); a timed-out attempt counts as a network error. */
  timeoutMs?: number;
  /** Another `fetch` (tests, proxies); default the global one. */
  fetch?: typeof fetch;
}

/** A list answer: `{data, meta: {next_cursor, has_more}}`. */
export interface Page<T> {
  data: T[];
  meta: { next_cursor: string | null; has_more: boolean };
}

/** Paths whose GET answers a page, and the item type of their pages. */
export type ListPath = { [P in PathsFor<'get'>]: ResponseBody<Operation<P, 'get'>> extends Page<unknown> ? P : never }[PathsFor<'get'>];
export type ItemOf<P extends ListPath> = ResponseBody<Operation<P, 'get'>> extends Page<infer T> ? T : never;

/**
 * Every item of a list, page after page: `for await (const user of client.users.list())`.
 * `pages()` walks the pages themselves. Nothing is fetched until iteration starts.
 */
export class PageIterator<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  async *pages(): AsyncGenerator<Page<T>> {
    let cursor: string | undefined;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.meta.has_more && page.meta.next_cursor ? page.meta.next_cursor : undefined;
    } while (cursor !== undefined);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Every item, in one array (mind the size of the list). */
  async toArray(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * The Steward Admin API client. Typed from the OpenAPI document (`paths`): `request` and its
 * shortcuts take any documented operation; the resource helpers (`users`, `workspaces`, …) are
 * thin names for them. Authenticates with the API key, retries what is safe to retry (429 always,
 * honouring `Retry-After`; 5xx and network errors for idempotent calls and POSTs with an
 * Idempotency-Key) with exponential backoff and jitter, and throws `StewardError` (with `code`,
 * `status`, `request_id`, `details`) for every error answer.
 */
export class Steward {
  private readonly baseUrl: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: StewardOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
    this.retry = { ...DEFAULT_RETRY, ...options.retry, maxRetries: options.maxRetries ?? DEFAULT_RETRY.maxRetries };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get<P extends PathsFor<'get'>>(path: P, ...options: OptionalArgs<Operation<P, 'get'>>): Promise<ResponseBody<Operation<P, 'get'>>> {
    return this.request('get', path, ...options);
  }

  post<P extends PathsFor<'post'>>(path: P, ...options: OptionalArgs<Operation<P, 'post'>>): Promise<ResponseBody<Operation<P, 'post'>>> {
    return this.request('post', path, ...options);
  }

  patch<P extends PathsFor<'patch'>>(path: P, ...options: OptionalArgs<Operation<P, 'patch'>>): Promise<ResponseBody<Operation<P, 'patch'>>> {
    return this.request('patch', path, ...options);
  }

  delete<P extends PathsFor<'delete'>>(path: P, ...options: OptionalArgs<Operation<P, 'delete'>>): Promise<ResponseBody<Operation<P, 'delete'>>> {
    return this.request('delete', path, ...options);
  }

  /**
   * Every item of a paginated list (`GET` of `path`), fetched page by page as iteration goes.
   * `cursorParam`: the query parameter that continues a list (`after` for the event feed).
   */
  list<P extends ListPath>(path: P, ...args: ListArgs<Operation<P, 'get'>>): PageIterator<ItemOf<P>> {
    const [options = {} as ListOptions<Operation<P, 'get'>>] = args;
    const { cursorParam = 'cursor', ...rest } = options as ListOptions<Operation<P, 'get'>> & { path?: Record<string, string>; query?: Record<string, unknown> };
    return new PageIterator<ItemOf<P>>((cursor) => {
      const query = { ...(rest.query ?? {}), ...(cursor === undefined ? {} : { [cursorParam]: cursor }) };
      return this.send('get', path, { ...rest, query }) as Promise<Page<ItemOf<P>>>;
    });
  }

  /** Any documented operation. */
  request<M extends HttpMethod, P extends PathsFor<M>>(method: M, path: P, ...options: OptionalArgs<Operation<P, M>>): Promise<ResponseBody<Operation<P, M>>> {
    return this.send(method, path, (options[0] ?? {}) as AnyOptions) as Promise<ResponseBody<Operation<P, M>>>;
  }

  // ---- resources -------------------------------------------------------------------------------

  readonly users = {
    list: (query?: Query<'/v1/users'>) => this.list('/v1/users', { query }),
    get: (id: string, query?: QueryParams<Operation<'/v1/users/{id}', 'get'>>) => this.get('/v1/users/{id}', { path: { id }, query }),
    create: (body: Body<'/v1/users', 'post'>, options?: CallOptions) => this.post('/v1/users', { ...options, body }),
    update: (id: string, body: Body<'/v1/users/{id}', 'patch'>, options?: CallOptions) => this.patch('/v1/users/{id}', { ...options, path: { id }, body }),
    delete: (id: string, options?: CallOptions) => this.delete('/v1/users/{id}', { ...options, path: { id } }),
    history: (id: string) => this.list('/v1/users/{id}/history', { path: { id } }),
    signIns: (id: string) => this.list('/v1/users/{id}/sign-in-activity', { path: { id } }),
    recordSignIn: (id: string, body: Body<'/v1/users/{id}/sign-ins', 'post'>, options?: CallOptions) => this.post('/v1/users/{id}/sign-ins', { ...options, path: { id }, body }),
    resendInvitation: (id: string, options?: CallOptions) => this.post('/v1/users/{id}/resend-invitation', { ...options, path: { id } }),
  };

  readonly invitations = {
    list: (query?: Query<'/v1/invitations'>) => this.list('/v1/invitations', { query }),
    revoke: (id: string, options?: CallOptions) => this.delete('/v1/invitations/{id}', { ...options, path: { id } }),
    accept: (token: string) => this.post('/v1/invitations/accept', { body: { token } }),
    decline: (token: string) => this.post('/v1/invitations/decline', { body: { token } }),
  };

  readonly roles = {
    list: (query?: Query<'/v1/roles'>) => this.list('/v1/roles', { query }),
    get: (id: string) => this.get('/v1/roles/{id}', { path: { id } }),
    create: (body: Body<'/v1/roles', 'post'>, options?: CallOptions) => this.post('/v1/roles', { ...options, body }),
    update: (id: string, body: Body<'/v1/roles/{id}', 'patch'>, options?: CallOptions) => this.patch('/v1/roles/{id}', { ...options, path: { id }, body }),
    delete: (id: string, options?: CallOptions) => this.delete('/v1/roles/{id}', { ...options, path: { id } }),
  };

  readonly managers = {
    list: (query?: Query<'/v1/managers'>) => this.list('/v1/managers', { query }),
    get: (id: string) => this.get('/v1/managers/{id}', { path: { id } }),
    create: (body: Body<'/v1/managers', 'post'>, options?: CallOptions) => this.post('/v1/managers', { ...options, body }),
    update: (id: string, body: Body<'/v1/managers/{id}', 'patch'>, options?: CallOptions) => this.patch('/v1/managers/{id}', { ...options, path: { id }, body }),
    delete: (id: string, options?: CallOptions) => this.delete('/v1/managers/{id}', { ...options, path: { id } }),
  };

  readonly workspaces = {
    list: (query?: Query<'/v1/workspaces'>) => this.list('/v1/workspaces', { query }),
    get: (id: string) => this.get('/v1/workspaces/{id}', { path: { id } }),
    create: (body: Body<'/v1/workspaces', 'post'>, options?: CallOptions) => this.post('/v1/workspaces', { ...options, body }),
    update: (id: string, body: Body<'/v1/workspaces/{id}', 'patch'>, options?: CallOptions) => this.patch('/v1/workspaces/{id}', { ...options, path: { id }, body }),
    /** `cascade: true` deletes the whole subtree. */
    delete: (id: string, { cascade, ...options }: CallOptions & { cascade?: boolean } = {}) =>
      this.delete('/v1/workspaces/{id}', { ...options, path: { id }, query: cascade ? { cascade: 'true' } : undefined }),
    tree: (id: string) => this.get('/v1/workspaces/{id}/tree', { path: { id } }),
    members: (id: string) => this.list('/v1/workspaces/{id}/members', { path: { id } }),
    removeMember: (id: string, userId: string) => this.delete('/v1/workspaces/{id}/members/{user_id}', { path: { id, user_id: userId } }),
    invite: (id: string, body: Body<'/v1/workspaces/{id}/invitations', 'post'>, options?: CallOptions) => this.post('/v1/workspaces/{id}/invitations', { ...options, path: { id }, body }),
  };

  readonly templates = {
    list: (query?: Query<'/v1/templates'>) => this.list('/v1/templates', { query }),
    get: (id: string) => this.get('/v1/templates/{id}', { path: { id } }),
    create: (body: Body<'/v1/templates', 'post'>, options?: CallOptions) => this.post('/v1/templates', { ...options, body }),
    update: (id: string, body: Body<'/v1/templates/{id}', 'patch'>, options?: CallOptions) => this.patch('/v1/templates/{id}', { ...options, path: { id }, body }),
    delete: (id: string, options?: CallOptions) => this.delete('/v1/templates/{id}', { ...options, path: { id } }),
    history: (id: string) => this.list('/v1/templates/{id}/history', { path: { id } }),
  };

  readonly apiKeys = {
    list: (query?: Query<'/v1/api-keys'>) => this.list('/v1/api-keys', { query }),
    get: (id: string) => this.get('/v1/api-keys/{id}', { path: { id } }),
    create: (body: Body<'/v1/api-keys', 'post'>, options?: CallOptions) => this.post('/v1/api-keys', { ...options, body }),
    revoke: (id: string, options?: CallOptions) => this.delete('/v1/api-keys/{id}', { ...options, path: { id } }),
    rotate: (id: string, body: Body<'/v1/api-keys/{id}/rotate', 'post'> = {}, options?: CallOptions) => this.post('/v1/api-keys/{id}/rotate', { ...options, path: { id }, body }),
    retrieveSecret: (id: string) => this.get('/v1/api-keys/{id}/secret', { path: { id } }),
    verify: (key: string) => this.post('/v1/api-keys/verify', { body: { key } }),
  };

  readonly destinations = {
    list: (query?: Query<'/v1/destinations'>) => this.list('/v1/destinations', { query }),
    get: (id: string) => this.get('/v1/destinations/{id}', { path: { id } }),
    create: (body: Body<'/v1/destinations', 'post'>, options?: CallOptions) => this.post('/v1/destinations', { ...options, body }),
    delete: (id: string, options?: CallOptions) => this.delete('/v1/destinations/{id}', { ...options, path: { id } }),
    apiKeys: (id: string) => this.list('/v1/destinations/{id}/api-keys', { path: { id } }),
  };

  readonly auditLogs = {
    list: (query?: Query<'/v1/audit-logs'>) => this.list('/v1/audit-logs', { query }),
    verify: () => this.get('/v1/audit-logs/verify'),
  };

  readonly jobs = {
    list: (query?: Query<'/v1/jobs'>) => this.list('/v1/jobs', { query }),
    stats: () => this.get('/v1/jobs/stats'),
    retry: (id: string) => this.post('/v1/jobs/{id}/retry', { path: { id } }),
    delete: (id: string) => this.delete('/v1/jobs/{id}', { path: { id } }),
    deleteMany: (query: QueryParams<Operation<'/v1/jobs', 'delete'>>) => this.delete('/v1/jobs', { query }),
  };

  readonly events = {
    /** The feed continues by `after` (the last event id read), not by `cursor`. */
    list: (query?: Query<'/v1/events'>) => this.list('/v1/events', { query, cursorParam: 'after' }),
  };

  // ---- transport -------------------------------------------------------------------------------

  private url(path: string, params: Record<string, string> | undefined, query: Record<string, unknown> | undefined): string {
    const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = params?.[name];
      if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${path}`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
    }
    const qs = search.toString();
    return `${this.baseUrl}${filled}${qs ? `?${qs}` : ''}`;
  }

  private async send(method: HttpMethod, path: string, options: AnyOptions): Promise<unknown> {
    const verb = method.toUpperCase();
    const url = this.url(path, options.path, options.query);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    if (options.ifMatch !== undefined) headers['if-match'] = typeof options.ifMatch === 'number' ? `"${options.ifMatch}"` : options.ifMatch;
    if (verb === 'POST' && options.idempotencyKey !== false && this.options.apiKey) headers['idempotency-key'] = options.idempotencyKey ?? newIdempotencyKey();
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const hasIdempotencyKey = headers['idempotency-key'] !== undefined;

    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, { method: verb, headers, body, signal: this.attemptSignal(options.signal) });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const wait = attempt < this.retry.maxRetries && isRetryable(verb, 'network', hasIdempotencyKey) ? retryDelayMs(attempt, undefined, this.retry) : undefined;
        if (wait === undefined) throw new StewardConnectionError(`${verb} ${path}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
        await sleep(wait, options.signal);
        continue;
      }
      const text = await response.text();
      if (response.ok) {
        if (text === '') return undefined;
        return /[/+]json\b/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
      }
      const wait =
        attempt < this.retry.maxRetries && isRetryable(verb, response.status, hasIdempotencyKey)
          ? retryDelayMs(attempt, retryAfterMs(response.headers.get('retry-after')), this.retry)
          : undefined;
      if (wait === undefined) throw StewardError.fromResponse(response.status, response.headers, text);
      await sleep(wait, options.signal);
    }
  }

  private attemptSignal(signal: AbortSignal | undefined): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  }
}

type AnyOptions = CallOptions & { path?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
/** The options argument: required when the operation needs a path parameter or a body. */
type OptionalArgs<O> = IsNever<PathParams<O>> extends true ? (IsNever<RequestBody<O>> extends true ? [options?: RequestOptions<O>] : [options: RequestOptions<O>]) : [options: RequestOptions<O>];
type ListOptions<O> = Omit<RequestOptions<O>, 'body' | 'ifMatch' | 'idempotencyKey'> & { cursorParam?: string };
type ListArgs<O> = IsNever<PathParams<O>> extends true ? [options?: ListOptions<O>] : [options: ListOptions<O>];
type Query<P extends ListPath> = Omit<QueryParams<Operation<P, 'get'>>, 'cursor'>;
type Body<P extends keyof paths, M extends HttpMethod> = RequestBody<Operation<P, M>>;
