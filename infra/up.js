#!/usr/bin/env node
'use strict';
/**
 * Ensure Kafka, PostgreSQL, the SMTP catcher and Redis are running; print their addresses.
 *
 *   node infra/up.js [--databases a,b]
 *
 * Reuses whatever already answers at KAFKA_BROKERS / DATABASE_URL / SMTP_URL / REDIS_URL,
 * starts the rest (detached; stop them with `node infra/down.js`).
 */
const infra = require('./index.js');

function parseArgs(argv) {
  const opts = { databases: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node infra/up.js [--databases a,b]\n');
      process.exit(0);
    } else if (arg === '--databases' || arg.startsWith('--databases=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new Error('--databases needs a comma-separated list');
      opts.databases.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return opts;
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

async function main() {
  const { databases } = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const state = await infra.ensureAll({ databases });
  const how = (c) => (c.started ? 'started' : 'reused');
  const line = (name, addr, c, extra = '') => `${name.padEnd(9)} ${addr} (${how(c)})${extra}`;
  process.stdout.write(
    [
      line('kafka', state.kafka.brokers, state.kafka),
      line('postgres', redact(state.postgres.url), state.postgres),
      line('smtp', state.smtp.url, state.smtp, `  api ${state.smtp.apiUrl}`),
      line('redis', redact(state.redis.url), state.redis),
      '',
    ].join('\n'),
  );
  process.stderr.write(`[infra] all up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

main().catch((err) => {
  process.stderr.write(`${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
