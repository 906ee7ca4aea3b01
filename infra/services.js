'use strict';
/**
 * Starts and stops Steward's own processes (the six apps) for `npm start` and the test run.
 * Each app runs from source through tools/register.js; logs go to one file per app.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const APPS = ['identity', 'workspace', 'key-vault', 'notification', 'audit', 'api-gateway'];

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Spawns the apps with `env` added to the environment. Returns handles with the log path of
 * each (`<app><logSuffix>.log`: a second process of an app can log apart) and `exited` set when
 * a process ends.
 */
function startServices({ env = {}, logDir, apps = APPS, logSuffix = '' }) {
  fs.mkdirSync(logDir, { recursive: true });
  return apps.map((app) => {
    const logFile = path.join(logDir, `${app}${logSuffix}.log`);
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(process.execPath, ['-r', path.join(repoRoot, 'tools/register.js'), path.join(repoRoot, `apps/${app}/src/main.ts`)], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    const handle = { app, child, logFile, exited: null };
    child.on('exit', (code, signal) => {
      handle.exited = { code, signal };
    });
    return handle;
  });
}

/** Waits until the gateway's /health/ready answers 200 (every service answered a ping). */
async function waitForGateway(gatewayUrl, handles, timeoutMs = 180000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const dead = handles.find((h) => h.exited);
    if (dead) {
      throw new Error(`${dead.app} exited (${JSON.stringify(dead.exited)}) while starting; last log lines:\n${tail(dead.logFile)}`);
    }
    try {
      const response = await fetch(`${gatewayUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the stack was not ready after ${timeoutMs / 1000}s (last answer: ${last}); logs in ${path.dirname(handles[0].logFile)}`);
}

/** SIGTERM (graceful: consumers leave their groups), then SIGKILL after `graceMs`. */
async function stopServices(handles, graceMs = 15000) {
  await Promise.all(
    handles.map(
      (h) =>
        new Promise((resolve) => {
          if (h.exited || h.child.exitCode !== null) return resolve();
          const timer = setTimeout(() => {
            h.child.kill('SIGKILL');
          }, graceMs);
          h.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          h.child.kill('SIGTERM');
        }),
    ),
  );
}

module.exports = { APPS, startServices, waitForGateway, stopServices, tail };
