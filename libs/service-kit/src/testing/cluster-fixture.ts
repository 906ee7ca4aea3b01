/**
 * A tiny clustered app for cluster.unit.spec.ts, told what to be by its arguments:
 * `fail-start` workers exit 78 before they listen; `serve <port>` workers listen on the port and
 * answer with their pid.
 */
import http from 'node:http';
import { runClustered } from '../cluster';

const [mode, port] = process.argv.slice(2);

runClustered({
  app: 'cluster-fixture',
  workers: 2,
  stopTimeoutMs: 5_000,
  start: async () => {
    if (mode === 'fail-start') process.exit(78);
    http.createServer((_req, res) => res.end(String(process.pid))).listen(Number(port), '127.0.0.1');
    process.on('SIGTERM', () => process.exit(0));
  },
});
