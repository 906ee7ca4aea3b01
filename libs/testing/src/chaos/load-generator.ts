/**
 * The chaos suite's load: a steady mix of commands (create, update, delete on users, workspaces
 * and API keys) with a few in flight at once, every request recorded with what it asked for and
 * what it got, so the checks afterwards know which commands were acknowledged (2xx) and which
 * emails are due.
 */
import { RPC_TIMEOUT_MS } from '@steward/messaging';
import { gatewayUrl } from '../api-client';
import { uniqueEmail } from '../bootstrap';

/** A request answering later than this hung: the gateway answers 503 after RPC_TIMEOUT_MS. */
export const REQUEST_BOUND_MS = RPC_TIMEOUT_MS + 5_000;

export type ResourceKind = 'user' | 'workspace' | 'api_key';

export interface RecordedRequest {
  method: string;
  path: string;
  kind: ResourceKind;
  op: 'create' | 'update' | 'delete';
  /** The resource's id: from the 2xx answer of a create, from the path otherwise. */
  resourceId?: string;
  /** The resource's stream version in the 2xx answer (creates and updates). */
  version?: number;
  status: number | 'refused' | 'timeout';
  code?: string;
  durationMs: number;
  /** Set on a user create that asked for an invitation email; the address it goes to. */
  invitedEmail?: string;
  /** What was wrong with the answer (null when it was acceptable). */
  failure: string | null;
  /** While which fault it was sent. */
  fault: string;
}

interface Resource {
  kind: ResourceKind;
  id: string;
  /** A command on it answered 503 or failed to connect: its state is unknown (4xx may follow). */
  uncertain: boolean;
  /** Users created with an invitation are never deleted, so their email stays due. */
  invited: boolean;
  /** A command on it is in flight: no other worker picks it (a concurrent delete would make a legitimate 404/409). */
  busy?: boolean;
}

export interface LoadGeneratorOptions {
  key: string;
  concurrency: number;
  /** Pause between two requests of one worker, so the load is steady rather than flat out. */
  pauseMs: number;
  /** Which fault is being injected now (recorded with each request), and whether the gateway is down. */
  currentFault: () => { name: string; gatewayDown: boolean };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

export class LoadGenerator {
  readonly requests: RecordedRequest[] = [];
  private readonly resources: Resource[] = [];
  private running = false;
  private workers: Promise<void>[] = [];
  private sequence = 0;

  constructor(private readonly options: LoadGeneratorOptions) {}

  start(): void {
    this.running = true;
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Stops sending and waits for the requests in flight to be answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      await this.sendOne();
      await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs));
    }
  }

  private live(kind: ResourceKind, deletable = false): Resource | undefined {
    const candidates = this.resources.filter((r) => r.kind === kind && !r.busy && !(deletable && r.invited));
    return candidates.length ? pick(candidates) : undefined;
  }

  private async sendOne(): Promise<void> {
    const n = ++this.sequence;
    const kind = pick<ResourceKind>(['user', 'user', 'workspace', 'api_key']);
    // Creates dominate until there is something to update or delete.
    const op = pick(['create', 'create', 'update', 'update', 'delete'] as const);
    const target = op === 'create' ? undefined : this.live(kind, op === 'delete');
    if (op !== 'create' && !target) return this.send({ kind, op: 'create' }, n);
    if (target) target.busy = true;
    try {
      return await this.send({ kind, op, target }, n);
    } finally {
      if (target) target.busy = false;
    }
  }

  private async send(command: { kind: ResourceKind; op: 'create' | 'update' | 'delete'; target?: Resource }, n: number): Promise<void> {
    const { kind, op, target } = command;
    let method: string;
    let path: string;
    let body: unknown;
    let invitedEmail: string | undefined;
    const base = { user: '/v1/users', workspace: '/v1/workspaces', api_key: '/v1/api-keys' }[kind];
    if (op === 'create') {
      method = 'POST';
      path = base;
      if (kind === 'user') {
        const invite = Math.random() < 0.5;
        const email = uniqueEmail(`chaos${n}`);
        if (invite) invitedEmail = email;
        body = { name: `Chaos user ${n}`, email, role: 'viewer', send_invitation: invite };
      } else if (kind === 'workspace') body = { name: `Chaos workspace ${n}` };
      else body = { name: `Chaos key ${n}`, scopes: ['users:read'] };
    } else if (op === 'update') {
      const id = (target as Resource).id;
      // Keys have no PATCH: a rotation is their update (a new secret, a new version).
      if (kind === 'api_key') [method, path, body] = ['POST', `${base}/${id}/rotate`, {}];
      else [method, path, body] = ['PATCH', `${base}/${id}`, { name: `Renamed ${n}` }];
    } else {
      [method, path] = ['DELETE', `${base}/${(target as Resource).id}`];
    }

    const fault = this.options.currentFault();
    const started = Date.now();
    const record: RecordedRequest = { method, path, kind, op, resourceId: target?.id, status: 'refused', durationMs: 0, invitedEmail, failure: null, fault: fault.name };
    try {
      const response = await fetch(`${gatewayUrl()}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_BOUND_MS),
      });
      const text = await response.text();
      record.status = response.status;
      const parsed = parseJson(text) as { id?: string; version?: number; error?: { code?: string } } | undefined;
      record.code = parsed?.error?.code;
      record.durationMs = Date.now() - started;
      this.judge(record, target, parsed, text);
    } catch (error) {
      record.durationMs = Date.now() - started;
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        record.status = 'timeout';
        record.failure = `no answer within ${REQUEST_BOUND_MS} ms`;
      } else {
        // No connection (or one cut): acceptable only while the gateway itself is down.
        record.status = 'refused';
        const stillDown = this.options.currentFault().gatewayDown;
        if (!fault.gatewayDown && !stillDown) record.failure = `connection failed while the gateway was up: ${String((error as Error).cause ?? error)}`;
      }
      if (target) target.uncertain = true;
    }
    this.requests.push(record);
  }

  private judge(record: RecordedRequest, target: Resource | undefined, parsed: { id?: string; version?: number } | undefined, text: string): void {
    const status = record.status as number;
    if (status >= 200 && status < 300) {
      if (record.op === 'create') {
        record.resourceId = parsed?.id;
        if (!parsed?.id) record.failure = `2xx create without an id: ${text.slice(0, 200)}`;
        else this.resources.push({ kind: record.kind, id: parsed.id, uncertain: false, invited: Boolean(record.invitedEmail) });
      }
      if (record.op !== 'delete') record.version = parsed?.version;
      if (record.op === 'delete' && target) this.forget(target);
      return;
    }
    if (status === 503) {
      if (record.code !== 'unavailable') record.failure = `503 with code ${record.code ?? '(none)'}`;
      if (target) target.uncertain = true;
      // An unknown outcome: the resource may be gone; stop touching it so it cannot mislead.
      if (record.op === 'delete' && target) this.forget(target);
      return;
    }
    // A 404/409 is expected only on a resource whose earlier command had an unknown outcome.
    if ((status === 404 || status === 409) && target?.uncertain) {
      this.forget(target);
      return;
    }
    record.failure = `unexpected ${status}: ${text.slice(0, 300)}`;
  }

  private forget(resource: Resource): void {
    const i = this.resources.indexOf(resource);
    if (i >= 0) this.resources.splice(i, 1);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
