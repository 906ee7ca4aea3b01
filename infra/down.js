#!/usr/bin/env node
'use strict';
/**
 * Stop every process that infra/ scripts started (pid files under .steward/).
 * Servers that were only reused (e.g. a system PostgreSQL) are never touched.
 *
 *   node infra/down.js
 */
const infra = require('./index.js');

infra
  .stopAll()
  .then((stopped) => {
    if (stopped.length === 0) {
      process.stdout.write('nothing to stop (no pid files under .steward/)\n');
      return;
    }
    for (const s of stopped) process.stdout.write(`${s.name.padEnd(9)} pid ${s.pid}: ${s.result}\n`);
  })
  .catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
