'use strict';
/**
 * Steward real-infrastructure starter (Kafka, PostgreSQL, SMTP catcher, Redis).
 *
 * Plain CommonJS so it can be required from node scripts (infra/up.js,
 * scripts/*.mjs via createRequire, benchmarks) and from jest global setup.
 *
 * Every ensure* function is idempotent: it reuses what already answers at the
 * configured address, otherwise starts a local process, waits until it is
 * ready and returns its address. Processes started here are detached (they
 * outlive the calling script); their pid files live under `.steward/<name>/pid`.
 *
 * Runtime state (git-ignored):
 *   .steward/kafka/    server.properties, log4j.properties, data/, kafka.log, stdout.log, pid
 *   .steward/pg/       data/ (embedded PostgreSQL cluster), postgres.log, pid
 *   .steward/maildev/  mail/ (stored messages), maildev.log, pid
 *   .steward/redis/    redis.log, pid (no persistence: rate-limit counters and idempotency records only)
 *
 * Progress is logged to stderr, prefixed with "[infra]".
 */
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const crypto = require('node:crypto');
const util = require('node:util');
const { spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const repoRoot = path.resolve(__dirname, '..');
// STEWARD_INFRA_DIR gives a run state directories of its own (the chaos suite's own Kafka and
// Postgres, which it restarts, beside the machine's shared ones under .steward/).
const stateDir = process.env.STEWARD_INFRA_DIR ? path.resolve(process.env.STEWARD_INFRA_DIR) : path.join(repoRoot, '.steward');
const kafkaHome = path.join(__dirname, 'kafka');
const kafkaLibDir = path.join(kafkaHome, 'lib');

const DEFAULTS = {
  brokers: '127.0.0.1:9092',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  smtpUrl: 'smtp://127.0.0.1:1025',
  smtpApiUrl: 'http://127.0.0.1:1080',
  redisUrl: 'redis://127.0.0.1:6379',
};

/** Per-component state directory and the marker we expect in its command line. */
const COMPONENTS = {
  kafka: { dir: path.join(stateDir, 'kafka'), marker: 'kafka.Kafka' },
  postgres: { dir: path.join(stateDir, 'pg'), marker: 'pg-embedded.js' },
  smtp: { dir: path.join(stateDir, 'maildev'), marker: 'maildev' },
  redis: { dir: path.join(stateDir, 'redis'), marker: 'redis-server' },
};

const KAFKA_READY_TIMEOUT_MS = 90_000;
const PG_READY_TIMEOUT_MS = 120_000;
const SMTP_READY_TIMEOUT_MS = 30_000;
const REDIS_READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;
const LOCK_TIMEOUT_MS = 240_000;

// ---------------------------------------------------------------------------
// small helpers
// ---------------------------------------------------------------------------

function log(...args) {
  process.stderr.write(`[infra] ${util.format(...args)}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function mkdirp(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function pidFileOf(name) {
  return path.join(COMPONENTS[name].dir, 'pid');
}

/** Present when a component's starter has finished and the last lease holder should stop it. */
function handoffFileOf(name) {
  return path.join(COMPONENTS[name].dir, 'stop-when-unused');
}

function readPid(file) {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0], 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Linux: zombies still answer kill(pid, 0); treat them as dead. */
function isZombie(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** Guards against pid reuse: on Linux check that the pid still runs our program. */
function looksLike(pid, marker) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no procfs (macOS): trust the pid file
  }
}

function isLocalHost(host) {
  return ['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0'].includes(String(host).toLowerCase());
}

function tail(file, lines = 40) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(length);
      fs.readSync(fd, buf, 0, length, size - length);
      return buf.toString('utf8').split('\n').slice(-lines).join('\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function tails(files) {
  return files
    .map((f) => {
      const t = tail(f).trim();
      return t ? `\n--- last lines of ${path.relative(repoRoot, f)} ---\n${t}` : '';
    })
    .join('');
}

function tcpProbe(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Run a command to completion. stdio 'stderr' sends both streams to our stderr. */
function run(cmd, args, { cwd, env, stdio = 'capture' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env,
      stdio: stdio === 'stderr' ? ['ignore', 2, 2] : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.once('error', (err) => {
      reject(err.code === 'ENOENT' ? new Error(`'${cmd}' was not found on PATH`) : err);
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal})\n${output.trim()}`));
    });
  });
}

/**
 * Spawn a long-running detached process, stdout+stderr appended to logFile,
 * pid written to the component's pid file. `exited` resolves when it dies
 * (only observable while this process is alive).
 */
function spawnDetached(name, cmd, args, { cwd = repoRoot, env = process.env, logFile }) {
  mkdirp(path.dirname(logFile));
  const fd = fs.openSync(logFile, 'a');
  let child;
  try {
    fs.writeSync(fd, `\n===== ${new Date().toISOString()} starting: ${cmd} ${args.join(' ')}\n`);
    child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ error }));
  });
  if (child.pid) fs.writeFileSync(pidFileOf(name), `${child.pid}\n`);
  fs.rmSync(handoffFileOf(name), { force: true });
  child.unref();
  return { pid: child.pid, exited };
}

/**
 * Poll `probe` until it returns truthy. Fails early when `exited` resolves
 * (the process died) and after `timeoutMs`. Returns the elapsed ms.
 */
async function waitUntil(what, probe, { timeoutMs, intervalMs = 500, exited, pid, logFiles = [] }) {
  const start = Date.now();
  let exitInfo = null;
  exited?.then((info) => (exitInfo = info));
  for (;;) {
    if (await probe()) return Date.now() - start;
    if (!exitInfo && pid && !isAlive(pid)) exitInfo = { code: 'unknown' };
    if (exitInfo) {
      const why = exitInfo.error
        ? exitInfo.error.message
        : `exited with code ${exitInfo.code}${exitInfo.signal ? `, signal ${exitInfo.signal}` : ''}`;
      throw new Error(`${what} ${why} before becoming ready${tails(logFiles)}`);
    }
    if (Date.now() - start > timeoutMs) {
      throw new Error(`${what} was not ready after ${seconds(timeoutMs)}${tails(logFiles)}`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Cross-process start lock (several jest processes may run global setup at
 * the same time). Stale locks (dead owner) are broken.
 */
async function withStartLock(name, fn) {
  const lockFile = path.join(mkdirp(COMPONENTS[name].dir), 'start.lock');
  const start = Date.now();
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = readPid(lockFile);
      let fresh = true;
      try {
        fresh = Date.now() - fs.statSync(lockFile).mtimeMs < 5000;
      } catch {
        continue; // released meanwhile
      }
      if (owner ? !isAlive(owner) : !fresh) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (!announced) {
        log(`${name}: another process (pid ${owner ?? '?'}) is starting it; waiting`);
        announced = true;
      }
      if (Date.now() - start > LOCK_TIMEOUT_MS) {
        throw new Error(`${name}: gave up waiting for start lock ${lockFile} held by pid ${owner}`);
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

// Leases: which live processes currently rely on a component. stopStarted()
// leaves a component running while another live process holds a lease.
function leaseDir(name) {
  return path.join(COMPONENTS[name].dir, 'leases');
}

function addLease(name) {
  try {
    otherLiveLeases(name); // prunes leases of processes that are gone
    fs.writeFileSync(path.join(mkdirp(leaseDir(name)), String(process.pid)), new Date().toISOString());
  } catch {
    /* best effort */
  }
}

function dropLease(name) {
  fs.rmSync(path.join(leaseDir(name), String(process.pid)), { force: true });
}

function otherLiveLeases(name) {
  let entries = [];
  try {
    entries = fs.readdirSync(leaseDir(name));
  } catch {
    return [];
  }
  const live = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    if (isAlive(pid)) live.push(pid);
    else fs.rmSync(path.join(leaseDir(name), entry), { force: true });
  }
  return live;
}

/** If our pid file points at a live process of ours, return its pid; else clean up. */
function ownLiveProcess(name) {
  const pidFile = pidFileOf(name);
  const pid = readPid(pidFile);
  if (pid && isAlive(pid) && looksLike(pid, COMPONENTS[name].marker)) return pid;
  fs.rmSync(pidFile, { force: true });
  return null;
}

// ---------------------------------------------------------------------------
// Kafka
// ---------------------------------------------------------------------------

function parseBrokers(brokers) {
  return String(brokers)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      const i = b.lastIndexOf(':');
      return { host: b.slice(0, i) || '127.0.0.1', port: Number(b.slice(i + 1)) };
    });
}

/** True when a broker answers metadata requests with at least one registered broker. */
async function kafkaProbe(brokers, timeoutMs = 3000) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'steward-infra-probe',
    brokers: String(brokers).split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    return await withTimeout(
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (!cluster.brokers || cluster.brokers.length === 0) return false;
        await admin.listTopics();
        return true;
      })(),
      timeoutMs + 2000,
      'kafka probe',
    );
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * On a fresh broker the first consumer group join fails with "group
 * coordinator not available" until __consumer_offsets exists. Looking up a
 * group coordinator once creates that topic and waits for its leaders, so
 * tests and apps start against a fully usable broker.
 */
async function kafkaWarmUp(brokers) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({
    clientId: 'steward-infra-warmup',
    brokers: String(brokers).split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await withTimeout(admin.describeGroups(['steward-infra-warmup']), 30_000, 'kafka group coordinator warm-up');
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function hasKafkaJars() {
  try {
    return fs.readdirSync(kafkaLibDir).some((f) => /^kafka_2\.\d+-.*\.jar$/.test(f));
  } catch {
    return false;
  }
}

async function ensureKafkaJars() {
  if (hasKafkaJars()) return;
  log('kafka: broker jars missing, resolving them with Maven (first run only; needs Maven Central) ...');
  const start = Date.now();
  await run('mvn', ['-q', '-B', '-Dstyle.color=never', 'dependency:copy-dependencies'], { cwd: kafkaHome, stdio: 'stderr' });
  if (!hasKafkaJars()) throw new Error(`kafka: mvn finished but ${kafkaLibDir} holds no kafka jar`);
  log(`kafka: jars resolved into ${path.relative(repoRoot, kafkaLibDir)} in ${seconds(Date.now() - start)}`);
}

function javaBin() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Same shape as org.apache.kafka.common.Uuid.randomUuid().toString(). */
function newClusterId() {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const propEscape = (v) => String(v).replace(/\\/g, '\\\\');

function writeKafkaConfig(dir, port) {
  const dataDir = path.join(dir, 'data');
  const propsFile = path.join(dir, 'server.properties');
  const log4jFile = path.join(dir, 'log4j.properties');
  const controllerPort = port + 1;
  fs.writeFileSync(
    propsFile,
    [
      '# Generated by infra/index.js on every start; edit the generator, not this file.',
      '# Single-node KRaft, broker and controller in one process.',
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'inter.broker.listener.name=PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${propEscape(dataDir)}`,
      'num.partitions=3',
      'default.replication.factor=1',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'min.insync.replicas=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=true',
      'log.retention.hours=168',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    log4jFile,
    [
      '# Generated by infra/index.js. Broker logs go to kafka.log next to this file.',
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.RollingFileAppender',
      `log4j.appender.file.File=${propEscape(path.join(dir, 'kafka.log'))}`,
      'log4j.appender.file.MaxFileSize=20MB',
      'log4j.appender.file.MaxBackupIndex=2',
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.request.logger=WARN',
      'log4j.logger.state.change.logger=WARN',
      'log4j.logger.kafka.log.LogCleaner=WARN',
      'log4j.logger.org.apache.kafka.clients=WARN',
      '',
    ].join('\n'),
  );
  return { dataDir, propsFile, log4jFile };
}

/**
 * Ensure a Kafka broker answers at `brokers`; start a local single-node KRaft
 * broker from infra/kafka/lib if none does.
 * @returns {Promise<{ brokers: string, started: boolean }>}
 */
async function ensureKafka({ brokers = process.env.KAFKA_BROKERS || DEFAULTS.brokers } = {}) {
  if (await kafkaProbe(brokers)) {
    log(`kafka: reusing broker at ${brokers}`);
    addLease('kafka');
    return { brokers, started: false };
  }
  const [{ host, port }] = parseBrokers(brokers);
  if (!isLocalHost(host) || !Number.isInteger(port)) {
    throw new Error(`kafka: no broker answers at ${brokers}, and it is not a local address this script can start one on`);
  }

  const result = await withStartLock('kafka', async () => {
    if (await kafkaProbe(brokers)) {
      log(`kafka: reusing broker at ${brokers}`);
      return { brokers, started: false };
    }
    const dir = mkdirp(COMPONENTS.kafka.dir);
    const logFiles = [path.join(dir, 'kafka.log'), path.join(dir, 'stdout.log')];

    const existing = ownLiveProcess('kafka');
    if (existing) {
      log(`kafka: broker process ${existing} (started earlier) is not answering yet; waiting`);
      const ms = await waitUntil(`kafka (pid ${existing})`, () => kafkaProbe(brokers), {
        timeoutMs: KAFKA_READY_TIMEOUT_MS,
        pid: existing,
        logFiles,
      });
      log(`kafka: broker at ${brokers} ready after ${seconds(ms)}`);
      return { brokers, started: false };
    }

    for (const p of [port, port + 1]) {
      if (await tcpProbe('127.0.0.1', p)) {
        throw new Error(`kafka: port ${p} on 127.0.0.1 is taken by something that is not a Kafka broker (need ${port} and ${port + 1})`);
      }
    }

    await ensureKafkaJars();
    const java = javaBin();
    const classpath = path.join(kafkaLibDir, '*');
    const { dataDir, propsFile, log4jFile } = writeKafkaConfig(dir, port);
    const log4jOpt = `-Dlog4j.configuration=${pathToFileURL(log4jFile).href}`;

    if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
      const clusterId = newClusterId();
      log(`kafka: formatting storage ${path.relative(repoRoot, dataDir)} (cluster id ${clusterId})`);
      mkdirp(dataDir);
      await run(java, ['-Xmx256m', log4jOpt, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile]);
    }

    log(`kafka: starting broker on 127.0.0.1:${port} (controller :${port + 1}), log ${path.relative(repoRoot, logFiles[0])}`);
    const t0 = Date.now();
    const { pid, exited } = spawnDetached(
      'kafka',
      java,
      ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', log4jOpt, `-Dkafka.logs.dir=${dir}`, '-cp', classpath, 'kafka.Kafka', propsFile],
      { logFile: logFiles[1] },
    );
    try {
      await waitUntil(`kafka broker (pid ${pid})`, () => kafkaProbe(brokers), {
        timeoutMs: KAFKA_READY_TIMEOUT_MS,
        exited,
        pid,
        logFiles,
      });
      await kafkaWarmUp(brokers);
    } catch (err) {
      await stopComponent('kafka').catch(() => {});
      throw err;
    }
    log(`kafka: broker ready at ${brokers} after ${seconds(Date.now() - t0)} (pid ${pid})`);
    return { brokers, started: true };
  });
  addLease('kafka');
  return result;
}

// ---------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** @returns {Promise<{ ok: boolean, answered: boolean, error?: any }>} */
async function pgProbe(url, timeoutMs = 3000) {
  const { Client, DatabaseError } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, answered: true };
  } catch (error) {
    // A DatabaseError means a PostgreSQL server answered (bad db, auth, starting up, ...)
    return { ok: false, answered: error instanceof DatabaseError, error };
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

function databaseOf(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

async function createDatabases(url, names) {
  const wanted = [...new Set(names.filter(Boolean))];
  if (wanted.length === 0) return;
  const { Client } = require('pg');
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [wanted]);
    const have = new Set(rows.map((r) => r.datname));
    for (const name of wanted.filter((n) => !have.has(n))) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
        log(`postgres: created database ${name}`);
      } catch (err) {
        // 42P04 duplicate_database / 23505 unique_violation: a concurrent creator won the race
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      }
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function startEmbeddedPostgres(u) {
  const port = Number(u.port || 5432);
  const dir = mkdirp(COMPONENTS.postgres.dir);
  const logFile = path.join(dir, 'postgres.log');
  const user = decodeURIComponent(u.username || 'postgres');
  const password = decodeURIComponent(u.password || 'postgres');
  const withPassword = new URL(u.toString());
  withPassword.username = encodeURIComponent(user);
  withPassword.password = encodeURIComponent(password);
  const url = withPassword.toString();

  const existing = ownLiveProcess('postgres');
  if (existing) {
    log(`postgres: embedded server (pid ${existing}) is not answering yet; waiting`);
    await waitUntil(`embedded postgres (pid ${existing})`, async () => (await pgProbe(url)).answered, {
      timeoutMs: PG_READY_TIMEOUT_MS,
      pid: existing,
      logFiles: [logFile],
    });
    return { url, started: false };
  }
  if (await tcpProbe(u.hostname, port)) {
    throw new Error(`postgres: port ${port} is taken by something that does not answer as PostgreSQL`);
  }

  log(`postgres: nothing at ${redact(url)}; starting embedded PostgreSQL (data ${path.relative(repoRoot, path.join(dir, 'data'))}, log ${path.relative(repoRoot, logFile)})`);
  const t0 = Date.now();
  const { pid, exited } = spawnDetached('postgres', process.execPath, [path.join(__dirname, 'pg-embedded.js')], {
    logFile,
    env: {
      ...process.env,
      STEWARD_PG_DATA_DIR: path.join(dir, 'data'),
      STEWARD_PG_PORT: String(port),
      STEWARD_PG_USER: user,
      STEWARD_PG_PASSWORD: password,
    },
  });
  try {
    await waitUntil(`embedded postgres (pid ${pid})`, async () => (await pgProbe(url)).ok, {
      timeoutMs: PG_READY_TIMEOUT_MS,
      exited,
      pid,
      logFiles: [logFile],
    });
  } catch (err) {
    await stopComponent('postgres').catch(() => {});
    throw err;
  }
  log(`postgres: embedded server ready at ${redact(url)} after ${seconds(Date.now() - t0)} (pid ${pid})`);
  return { url, started: true };
}

/**
 * Ensure PostgreSQL answers at `url` (reuse) or start an embedded server on
 * the url's port; then create every database in `databases` that is missing.
 * @returns {Promise<{ url: string, started: boolean }>}
 */
async function ensurePostgres({ url = process.env.DATABASE_URL || DEFAULTS.databaseUrl, databases = [] } = {}) {
  const u = new URL(url);
  let probe = await pgProbe(url);
  // 57P03 cannot_connect_now: the server is starting or shutting down
  for (let i = 0; i < 60 && !probe.ok && probe.error?.code === '57P03'; i++) {
    await sleep(500);
    probe = await pgProbe(url);
  }
  let result;
  if (probe.ok || (probe.answered && probe.error?.code === '3D000')) {
    log(`postgres: reusing server at ${redact(url)}`);
    result = { url, started: false };
  } else if (probe.answered) {
    throw new Error(`postgres: server at ${redact(url)} refused the connection: ${probe.error.message} (${probe.error.code})`);
  } else {
    if (!isLocalHost(u.hostname)) {
      throw new Error(`postgres: nothing answers at ${redact(url)} (${probe.error?.message}), and it is not a local address`);
    }
    result = await withStartLock('postgres', async () => {
      const again = await pgProbe(url);
      if (again.answered) {
        log(`postgres: reusing server at ${redact(url)}`);
        return { url, started: false };
      }
      return startEmbeddedPostgres(u);
    });
  }
  addLease('postgres');
  const own = databaseOf(result.url);
  await createDatabases(result.url, [own === 'postgres' ? null : own, ...databases]);
  return result;
}

// ---------------------------------------------------------------------------
// SMTP (maildev)
// ---------------------------------------------------------------------------

function maildevBin() {
  const pkgFile = require.resolve('maildev/package.json', { paths: [repoRoot] });
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.maildev;
  return path.join(path.dirname(pkgFile), bin);
}

/**
 * Ensure an SMTP server answers at `url`; otherwise start maildev (SMTP +
 * REST/web UI at `apiUrl`).
 * @returns {Promise<{ url: string, apiUrl: string, started: boolean }>}
 */
async function ensureSmtp({
  url = process.env.SMTP_URL || DEFAULTS.smtpUrl,
  apiUrl = process.env.SMTP_API_URL || DEFAULTS.smtpApiUrl,
} = {}) {
  const su = new URL(url);
  const au = new URL(apiUrl);
  const smtpPort = Number(su.port || 25);
  const webPort = Number(au.port || 80);
  const apiReady = async () => (await httpStatus(new URL('/email', au).toString())) === 200;

  if (await tcpProbe(su.hostname, smtpPort)) {
    log(`smtp: reusing server at ${url}`);
    addLease('smtp');
    return { url, apiUrl, started: false };
  }
  if (!isLocalHost(su.hostname) || !isLocalHost(au.hostname)) {
    throw new Error(`smtp: nothing answers at ${url}, and it is not a local address`);
  }

  const result = await withStartLock('smtp', async () => {
    if (await tcpProbe(su.hostname, smtpPort)) {
      log(`smtp: reusing server at ${url}`);
      return { url, apiUrl, started: false };
    }
    const dir = mkdirp(COMPONENTS.smtp.dir);
    const logFile = path.join(dir, 'maildev.log');
    const existing = ownLiveProcess('smtp');
    if (existing) {
      log(`smtp: maildev (pid ${existing}) is not answering yet; waiting`);
      await waitUntil(`maildev (pid ${existing})`, apiReady, { timeoutMs: SMTP_READY_TIMEOUT_MS, pid: existing, logFiles: [logFile] });
      return { url, apiUrl, started: false };
    }
    if (await tcpProbe(au.hostname, webPort)) {
      throw new Error(`smtp: port ${webPort} (maildev web/API) is taken by something else`);
    }
    // A sub-directory: maildev's "delete all" empties the whole mail directory.
    const mailDir = mkdirp(path.join(dir, 'mail'));
    log(`smtp: starting maildev (smtp :${smtpPort}, api :${webPort}), log ${path.relative(repoRoot, logFile)}`);
    const t0 = Date.now();
    const { pid, exited } = spawnDetached(
      'smtp',
      process.execPath,
      [maildevBin(), '--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--mail-directory', mailDir],
      { logFile },
    );
    try {
      await waitUntil(`maildev (pid ${pid})`, async () => (await tcpProbe('127.0.0.1', smtpPort)) && (await apiReady()), {
        timeoutMs: SMTP_READY_TIMEOUT_MS,
        intervalMs: 200,
        exited,
        pid,
        logFiles: [logFile],
      });
    } catch (err) {
      await stopComponent('smtp').catch(() => {});
      throw err;
    }
    log(`smtp: maildev ready at ${url} (api ${apiUrl}) after ${seconds(Date.now() - t0)} (pid ${pid})`);
    return { url, apiUrl, started: true };
  });
  addLease('smtp');
  return result;
}

// ---------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------

/** The full path of `cmd` on PATH, or null. */
function findOnPath(cmd) {
  for (const dir of String(process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** @returns {Promise<{ ok: boolean, answered: boolean, error?: any }>} answered: a Redis replied (maybe refusing us). */
async function redisProbe(url, timeoutMs = 1500) {
  const Redis = require('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await withTimeout(client.connect(), timeoutMs + 500, 'redis connect');
    return { ok: (await client.ping()) === 'PONG', answered: true };
  } catch (error) {
    // A ReplyError (NOAUTH, WRONGPASS, LOADING …) comes from a Redis server.
    return { ok: false, answered: error && error.name === 'ReplyError', error };
  } finally {
    client.disconnect();
  }
}

/**
 * Ensure a Redis answers at `url` (reuse), else start `redis-server` on the url's port (no
 * persistence; it holds the gateway's rate-limit counters and idempotency records). When
 * `redis-server` is not installed, says so and how to get one.
 * @returns {Promise<{ url: string, started: boolean }>}
 */
async function ensureRedis({ url = process.env.REDIS_URL || DEFAULTS.redisUrl } = {}) {
  const u = new URL(url);
  const port = Number(u.port || 6379);
  const probe = await redisProbe(url);
  if (probe.ok) {
    log(`redis: reusing server at ${redact(url)}`);
    addLease('redis');
    return { url, started: false };
  }
  if (probe.answered) throw new Error(`redis: the server at ${redact(url)} refused us: ${probe.error.message}`);
  if (!isLocalHost(u.hostname)) throw new Error(`redis: nothing answers at ${redact(url)}, and it is not a local address`);

  const result = await withStartLock('redis', async () => {
    if ((await redisProbe(url)).ok) {
      log(`redis: reusing server at ${redact(url)}`);
      return { url, started: false };
    }
    const dir = mkdirp(COMPONENTS.redis.dir);
    const logFile = path.join(dir, 'redis.log');
    const existing = ownLiveProcess('redis');
    if (existing) {
      log(`redis: redis-server (pid ${existing}) is not answering yet; waiting`);
      await waitUntil(`redis-server (pid ${existing})`, async () => (await redisProbe(url)).ok, { timeoutMs: REDIS_READY_TIMEOUT_MS, pid: existing, logFiles: [logFile] });
      return { url, started: false };
    }
    if (await tcpProbe(u.hostname, port)) throw new Error(`redis: port ${port} is taken by something that does not answer as Redis`);
    const bin = findOnPath('redis-server');
    if (!bin) {
      throw new Error(
        `redis: nothing answers at ${redact(url)} and \`redis-server\` is not installed. Install Redis ` +
          '(Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`), or run `docker compose up -d redis`, ' +
          'or set REDIS_URL to a Redis server.',
      );
    }
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    if (u.password) args.push('--requirepass', decodeURIComponent(u.password));
    log(`redis: nothing at ${redact(url)}; starting redis-server, log ${path.relative(repoRoot, logFile)}`);
    const t0 = Date.now();
    const { pid, exited } = spawnDetached('redis', bin, args, { logFile });
    try {
      await waitUntil(`redis-server (pid ${pid})`, async () => (await redisProbe(url)).ok, {
        timeoutMs: REDIS_READY_TIMEOUT_MS,
        intervalMs: 100,
        exited,
        pid,
        logFiles: [logFile],
      });
    } catch (err) {
      await stopComponent('redis').catch(() => {});
      throw err;
    }
    log(`redis: ready at ${redact(url)} after ${seconds(Date.now() - t0)} (pid ${pid})`);
    return { url, started: true };
  });
  addLease('redis');
  return result;
}

// ---------------------------------------------------------------------------
// all together
// ---------------------------------------------------------------------------

/**
 * Ensure Postgres, SMTP, Kafka and Redis (in parallel). `smtp: false` leaves SMTP out (the test
 * run has a catcher of its own: libs/testing/src/stack/test-smtp.ts).
 * @returns {Promise<{ kafka: {brokers:string,started:boolean}, postgres: {url:string,started:boolean}, smtp?: {url:string,apiUrl:string,started:boolean}, redis: {url:string,started:boolean} }>}
 */
async function ensureAll({ databases = [], smtp = true } = {}) {
  const names = ['postgres', 'smtp', 'kafka', 'redis'];
  const settled = await Promise.allSettled([ensurePostgres({ databases }), smtp ? ensureSmtp() : Promise.resolve(undefined), ensureKafka(), ensureRedis()]);
  const state = {};
  const failures = [];
  settled.forEach((s, i) => {
    if (s.status === 'rejected') failures.push(`${names[i]}: ${s.reason?.stack || s.reason}`);
    else if (s.value) state[names[i]] = s.value;
  });
  if (failures.length) {
    const err = new Error(`[infra] could not start:\n${failures.join('\n')}`);
    err.partialState = state; // what did come up; pass to stopStarted() to clean up
    throw err;
  }
  return state;
}

/** Environment variables for processes that should use `state`. */
function toEnv(state) {
  const env = {};
  if (state.kafka) env.KAFKA_BROKERS = state.kafka.brokers;
  if (state.postgres) env.DATABASE_URL = state.postgres.url;
  if (state.smtp) {
    env.SMTP_URL = state.smtp.url;
    env.SMTP_API_URL = state.smtp.apiUrl;
  }
  if (state.redis) env.REDIS_URL = state.redis.url;
  return env;
}

/**
 * Wait until a Kafka broker at `brokers` serves metadata and a group
 * coordinator (used for brokers this module did not start, e.g. containers).
 */
async function waitForKafka(brokers, { timeoutMs = KAFKA_READY_TIMEOUT_MS } = {}) {
  const ms = await waitUntil(`kafka at ${brokers}`, () => kafkaProbe(brokers), { timeoutMs });
  await kafkaWarmUp(brokers);
  return ms;
}

// ---------------------------------------------------------------------------
// stopping
// ---------------------------------------------------------------------------

async function signalAndWait(pid, signal, timeoutMs) {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if (err.code === 'ESRCH') return 'was not running';
    throw err;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return `stopped (${signal})`;
    await sleep(200);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  for (let i = 0; i < 25 && isAlive(pid); i++) await sleep(200);
  return `killed (SIGKILL after ${seconds(timeoutMs)})`;
}

/**
 * Stop the process recorded in `.steward/<dir>/pid` and remove the pid file.
 * @returns {Promise<null | { name: string, pid: number, result: string }>}
 */
async function stopComponent(name) {
  const pidFile = pidFileOf(name);
  const pid = readPid(pidFile);
  if (!pid) {
    fs.rmSync(handoffFileOf(name), { force: true });
    return null;
  }
  let result;
  if (!isAlive(pid)) {
    result = 'was not running';
  } else if (!looksLike(pid, COMPONENTS[name].marker)) {
    result = 'pid belongs to another program now; left alone';
  } else {
    // Postgres: the pid is our node runner; it shuts postgres down (SIGINT) on SIGTERM.
    const postmasterPid = name === 'postgres' ? readPid(path.join(COMPONENTS.postgres.dir, 'data', 'postmaster.pid')) : null;
    log(`${name}: stopping pid ${pid} ...`);
    const t0 = Date.now();
    result = await signalAndWait(pid, 'SIGTERM', STOP_TIMEOUT_MS);
    if (postmasterPid && isAlive(postmasterPid)) {
      await signalAndWait(postmasterPid, 'SIGINT', STOP_TIMEOUT_MS);
    }
    result += ` in ${seconds(Date.now() - t0)}`;
  }
  fs.rmSync(pidFile, { force: true });
  fs.rmSync(leaseDir(name), { recursive: true, force: true });
  fs.rmSync(handoffFileOf(name), { force: true });
  return { name, pid, result };
}

/**
 * Stop what an ensure* call started (state as returned by ensureAll, or any
 * subset), unless another live process still holds a lease on it.
 */
async function stopStarted(state = {}) {
  const names = Object.keys(COMPONENTS).filter((n) => state[n]);
  const results = await Promise.all(
    names.map(async (name) => {
      dropLease(name);
      // handed over: the process that started it finished while we still used it
      const handoff = handoffFileOf(name);
      if (!state[name].started && !fs.existsSync(handoff)) return null;
      const others = otherLiveLeases(name);
      if (others.length) {
        log(`${name}: still used by pid(s) ${others.join(', ')}; leaving it running (the last of them stops it)`);
        fs.writeFileSync(handoff, `${new Date().toISOString()}\n`);
        return null;
      }
      return stopComponent(name);
    }),
  );
  return results.filter(Boolean);
}

/**
 * Restart a Kafka broker or Postgres server that these scripts started in this state directory
 * (stop, then start again on the same data and port), for fault tests. A server they only
 * reused (no pid file here, e.g. the machine's shared one) is never touched: that throws.
 * @returns {Promise<{ brokers: string, started: boolean } | { url: string, started: boolean }>}
 */
async function restartStarted(name, { brokers, url } = {}) {
  if (name !== 'kafka' && name !== 'postgres') throw new Error(`restartStarted: ${name} cannot be restarted`);
  if (!ownLiveProcess(name)) throw new Error(`${name}: not started by these scripts in ${COMPONENTS[name].dir}; refusing to restart it`);
  const stopped = await stopComponent(name);
  log(`${name}: restarting (${stopped?.result})`);
  return name === 'kafka' ? ensureKafka({ brokers }) : ensurePostgres({ url });
}

/** Child pids of a process (Linux procfs; none elsewhere). */
function childPids(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * A crash of Kafka or Postgres that we started, for the chaos suite: SIGKILL, no shutdown of any
 * kind (Postgres: the postmaster and its backends; the server then recovers from its WAL on the
 * next start), then starts it again on the same data. Refuses a server it did not start.
 */
async function crashAndRestart(name, { brokers, url } = {}) {
  if (name !== 'kafka' && name !== 'postgres') throw new Error(`crashAndRestart: ${name} cannot be crashed`);
  const pid = ownLiveProcess(name);
  if (!pid) throw new Error(`${name}: not started by these scripts in ${COMPONENTS[name].dir}; refusing to kill it`);
  // Postgres: the pid is our node runner; the server is the postmaster it started.
  const postmasterPid = name === 'postgres' ? readPid(path.join(COMPONENTS.postgres.dir, 'data', 'postmaster.pid')) : null;
  const victims = [pid, ...(postmasterPid ? [postmasterPid, ...childPids(postmasterPid)] : [])];
  log(`${name}: kill -9 ${victims.join(' ')}`);
  for (const victim of victims) {
    try {
      process.kill(victim, 'SIGKILL');
    } catch (err) {
      if (err.code !== 'ESRCH') throw err;
    }
  }
  // A new postmaster refuses to start while a process of the old one still holds its shared
  // memory, or while the old postmaster's pid still exists — as a zombie too, until it is reaped.
  const exists = (victim) => (fs.existsSync('/proc') ? fs.existsSync(`/proc/${victim}`) : isAlive(victim));
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (victims.some(exists)) {
    if (Date.now() > deadline) throw new Error(`${name}: still alive ${STOP_TIMEOUT_MS / 1000} s after SIGKILL`);
    await sleep(100);
  }
  fs.rmSync(pidFileOf(name), { force: true });
  fs.rmSync(leaseDir(name), { recursive: true, force: true });
  fs.rmSync(handoffFileOf(name), { force: true });
  log(`${name}: killed; starting it again`);
  return name === 'kafka' ? ensureKafka({ brokers }) : ensurePostgres({ url });
}

/** Stop every process our scripts started (all pid files under .steward). */
async function stopAll() {
  const results = await Promise.all(Object.keys(COMPONENTS).map((name) => stopComponent(name)));
  return results.filter(Boolean);
}

module.exports = {
  repoRoot,
  stateDir,
  DEFAULTS,
  ensureKafka,
  ensurePostgres,
  ensureSmtp,
  ensureRedis,
  ensureAll,
  stopStarted,
  restartStarted,
  crashAndRestart,
  stopAll,
  toEnv,
  createDatabases,
  waitForKafka,
};
