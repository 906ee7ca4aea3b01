/**
 * Crash consistency on the real stack (docs/reliability.md): while a load generator sends a
 * steady mix of commands, each app is killed with SIGKILL and restarted, then the run's own Kafka
 * broker and Postgres server are killed the same way and restarted. Afterwards every acknowledged
 * (2xx) command is in its event store, every event is in the audit log exactly once, every due
 * invitation email was sent exactly once (one message; a crash between the SMTP server's
 * acceptance and the job's recorded outcome can make a second copy of it, with the same
 * Message-ID, which is counted and reported), and the read tables equal a rebuild from the event
 * stores (`npm run projections:verify`). During the outages requests answer 2xx or 503
 * `unavailable` within RPC_TIMEOUT_MS + 5 s, never 500.
 *
 * STEWARD_CHAOS_SECONDS (default 20) is how long the load runs around each fault; `npm test`
 * runs a short form (5). `npm run test:chaos` (STEWARD_CHAOS_REPORT=1) writes the figures of the
 * run into docs/reliability.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  LoadGenerator,
  apiAs,
  auditAgainstEvents,
  bootstrapOrganization,
  eventually,
  lostCommands,
  pendingEmailJobs,
  readModelsAgainstRebuild,
  restartTestInfra,
  startTestService,
  stopTestService,
  uniqueEmail,
  waitForTestStackReady,
  type RecordedRequest,
} from '@steward/testing';

const SECONDS = Number(process.env.STEWARD_CHAOS_SECONDS || 20);
const APPS = ['identity', 'workspace', 'key-vault', 'notification', 'audit', 'api-gateway'] as const;
const repoRoot = path.resolve(__dirname, '../../../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fault = { name: 'none', gatewayDown: false };
const faultsInjected: string[] = [];

/** Runs one fault with the load going: some load before, the outage, the restart, and until the stack is ready. */
async function inject(name: string, outage: () => Promise<void>): Promise<void> {
  await sleep((SECONDS * 1000) / 2);
  fault = { name, gatewayDown: name === 'kill -9 api-gateway' };
  faultsInjected.push(name);
  process.stderr.write(`[chaos] ${new Date().toISOString()} ${name}\n`);
  await outage();
  await waitForTestStackReady();
  fault = { name: `after ${name}`, gatewayDown: false };
  await sleep((SECONDS * 1000) / 2);
}

function summarize(requests: readonly RecordedRequest[]) {
  const count = (predicate: (r: RecordedRequest) => boolean) => requests.filter(predicate).length;
  return {
    sent: requests.length,
    ok: count((r) => typeof r.status === 'number' && r.status < 300),
    unavailable: count((r) => r.status === 503),
    refused: count((r) => r.status === 'refused'),
    expected4xx: count((r) => typeof r.status === 'number' && r.status >= 400 && r.status < 500 && !r.failure),
    failures: requests.filter((r) => r.failure),
    slowestMs: Math.max(0, ...requests.map((r) => r.durationMs)),
  };
}

function writeReport(figures: Record<string, string | number>): void {
  const file = path.join(repoRoot, 'docs', 'reliability.md');
  const doc = fs.readFileSync(file, 'utf8');
  const [start, end] = ['<!-- chaos:start -->', '<!-- chaos:end -->'];
  const table = ['| figure | value |', '|---|---|', ...Object.entries(figures).map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/reliability.md has no ${start} … ${end} section`);
  fs.writeFileSync(file, `${doc.slice(0, i + start.length)}\n${table}\n${doc.slice(j)}`);
}

describe('crash consistency', () => {
  it('loses, duplicates and hangs nothing while every service, the broker and Postgres are restarted', async () => {
    const org = await bootstrapOrganization('Chaos Ltd', uniqueEmail('chaos'));
    // A key of its own for the load, above the default rate limit (limits are not under test here).
    const loadKey = await apiAs(org.api_key).post<{ secret: string }>('/v1/api-keys', {
      name: 'chaos load',
      scopes: ['users:read', 'users:write', 'workspaces:read', 'workspaces:write', 'keys:read', 'keys:write'],
      rate_limit_per_minute: 1_000_000,
    });
    expect(loadKey.status).toBe(201);

    const load = new LoadGenerator({ key: loadKey.body.secret, concurrency: 3, pauseMs: 50, currentFault: () => fault });
    const startedAt = Date.now();
    load.start();
    try {
      for (const app of APPS) {
        await inject(`kill -9 ${app}`, async () => {
          await stopTestService(app, 'SIGKILL');
          await sleep(Math.min(5, SECONDS) * 1000);
          await startTestService(app);
        });
      }
      // The broker and the database crash too (no shutdown: Kafka recovers from its logs,
      // Postgres from its WAL) and are started again.
      await inject('kill -9 kafka', () => restartTestInfra('kafka', { crash: true }));
      await inject('kill -9 postgres', () => restartTestInfra('postgres', { crash: true }));
    } finally {
      await load.stop();
    }
    const loadSeconds = Math.round((Date.now() - startedAt) / 1000);
    const requests = load.requests;
    const summary = summarize(requests);

    // Projections and email jobs catch up (bounded), then nothing may be missing or doubled.
    const audit = await eventually(async () => {
      const a = await auditAgainstEvents();
      return a.missing.length === 0 ? a : undefined;
    }, { timeoutMs: 120_000, intervalMs: 1000, what: 'the audit log to hold every event' }).catch(() => auditAgainstEvents());
    const due = requests.filter((r) => r.invitedEmail && typeof r.status === 'number' && r.status < 300).map((r) => r.invitedEmail as string);
    const maybe = requests.filter((r) => r.invitedEmail && !(typeof r.status === 'number' && r.status < 300)).map((r) => r.invitedEmail as string);
    const notDue = requests.filter((r) => r.op === 'create' && r.kind === 'user' && !r.invitedEmail).length;
    await eventually(async () => ((await pendingEmailJobs()) === 0 ? true : undefined), { timeoutMs: 180_000, intervalMs: 1000, what: 'every email job to be final' }).catch(() => undefined);
    // Per address: the distinct messages (by Message-ID, stable across retries of one job) and
    // the copies the catcher received (a copy is SMTP's at-least-once redelivery of one message).
    const caught = (await (await fetch(`${process.env.SMTP_API_URL}/email`)).json()) as Array<{ messageId?: string; id: string; to: Array<{ address: string }> }>;
    const messagesTo = new Map<string, Set<string>>();
    const copiesTo = new Map<string, number>();
    for (const mail of caught) {
      for (const to of mail.to) {
        const address = to.address.toLowerCase();
        messagesTo.set(address, (messagesTo.get(address) ?? new Set()).add(mail.messageId ?? mail.id));
        copiesTo.set(address, (copiesTo.get(address) ?? 0) + 1);
      }
    }
    const sentTo = new Map([...messagesTo].map(([address, ids]) => [address, ids.size]));
    const emailsMissing = due.filter((a) => !sentTo.has(a.toLowerCase()));
    const emailsDoubled = [...due, ...maybe].filter((a) => (sentTo.get(a.toLowerCase()) ?? 0) > 1);
    const redeliveredCopies = [...due, ...maybe].reduce((n, a) => n + Math.max(0, (copiesTo.get(a.toLowerCase()) ?? 0) - (sentTo.get(a.toLowerCase()) ?? 0)), 0);
    const lost = await lostCommands(requests);
    const readModels = await readModelsAgainstRebuild();

    const figures = {
      'run at': new Date().toISOString(),
      'load (s)': loadSeconds,
      'commands sent': summary.sent,
      'answered 2xx': summary.ok,
      'answered 503 unavailable': summary.unavailable,
      'refused (gateway down)': summary.refused,
      'answered 404/409 after an unknown outcome': summary.expected4xx,
      'other answers (failures)': summary.failures.length,
      'slowest answer (ms)': summary.slowestMs,
      'faults injected': faultsInjected.length,
      'acknowledged commands lost': lost.length,
      'events in the event stores': audit.events,
      'audit entries missing / duplicated / unknown': `${audit.missing.length} / ${audit.duplicated.length} / ${audit.unknown.length}`,
      'invitation emails due / sent once / missing / sent as two messages': `${due.length} / ${due.length - emailsMissing.length} / ${emailsMissing.length} / ${emailsDoubled.length}`,
      'redelivered copies of a sent email (same Message-ID)': redeliveredCopies,
      'read-model rows differing from a rebuild of the event stores': readModels.length,
    };
    process.stderr.write(`[chaos] summary\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
    for (const a of [...due, ...maybe].filter((x) => (copiesTo.get(x.toLowerCase()) ?? 0) > 1)) {
      process.stderr.write(`[chaos] ${copiesTo.get(a.toLowerCase())} copies, ${sentTo.get(a.toLowerCase())} distinct messages to ${a} (${due.includes(a) ? 'answered 2xx' : 'outcome unknown'})\n`);
    }
    for (const f of summary.failures.slice(0, 20)) process.stderr.write(`[chaos] failure during "${f.fault}": ${f.method} ${f.path} → ${f.status} ${f.failure}\n`);
    if (process.env.STEWARD_CHAOS_REPORT === '1') writeReport(figures);

    expect(faultsInjected).toHaveLength(APPS.length + 2);
    expect(summary.ok).toBeGreaterThan(0);
    expect(summary.unavailable + summary.refused).toBeGreaterThan(0); // the faults were felt
    expect(summary.failures.map((f) => `${f.fault}: ${f.method} ${f.path} → ${f.status} ${f.failure}`)).toEqual([]);
    expect(lost).toEqual([]);
    expect({ missing: audit.missing, duplicated: audit.duplicated, unknown: audit.unknown }).toEqual({ missing: [], duplicated: [], unknown: [] });
    expect(due.length).toBeGreaterThan(0);
    expect(notDue).toBeGreaterThan(0);
    expect({ missing: emailsMissing, duplicated: emailsDoubled }).toEqual({ missing: [], duplicated: [] });
    expect(readModels).toEqual([]);
  });
});
