// `npm start`: installs what is missing, starts Kafka, Postgres, the SMTP catcher and Redis (reusing
// any already running), then all six Steward apps; prints where everything listens. Ctrl-C
// stops the apps (the dependencies keep running; `npm run infra:down` stops them).
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureDependencies, repoRoot } from './ensure-deps.mjs';

ensureDependencies();
const require = createRequire(import.meta.url);
const infra = require('../infra/index.js');
const services = require('../infra/services.js');

const DATABASES = ['steward_identity', 'steward_workspace', 'steward_keyvault', 'steward_notification', 'steward_audit'];
const gatewayPort = process.env.GATEWAY_PORT || '3000';
const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

const state = await infra.ensureAll({ databases: DATABASES });
const env = infra.toEnv(state);
const logDir = path.join(repoRoot, '.steward', 'logs');
const handles = services.startServices({ env, logDir });

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  process.stderr.write('\nstopping Steward apps…\n');
  await services.stopServices(handles);
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await services.waitForGateway(gatewayUrl, handles);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  await stop(1);
}

const smtpApi = env.SMTP_API_URL || 'http://127.0.0.1:1080';
const metricsUrl = process.env.GATEWAY_METRICS_PORT
  ? `http://${process.env.GATEWAY_METRICS_HOST || '127.0.0.1'}:${process.env.GATEWAY_METRICS_PORT}/metrics`
  : `${gatewayUrl}/metrics`;
const servicePorts = ['IDENTITY_PORT', 'WORKSPACE_PORT', 'KEY_VAULT_PORT', 'NOTIFICATION_PORT', 'AUDIT_PORT'].map((name, i) => process.env[name] || String(3101 + i)).join(', ');
console.log(`
Steward is running.

  API gateway      ${gatewayUrl}        (health: ${gatewayUrl}/health/ready, metrics: ${metricsUrl})
  Services         /health/ready and /metrics on ports ${servicePorts}
  Kafka            ${env.KAFKA_BROKERS}
  PostgreSQL       ${env.DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}
  SMTP catcher     ${env.SMTP_URL}   (mail UI and HTTP API: ${smtpApi})
  Redis            ${env.REDIS_URL.replace(/:[^:@/]*@/, ':***@')}   (rate limits and Idempotency-Key records, shared by gateways)
  Logs             ${logDir}

Create an organization, its owner and an admin key:
  npm run bootstrap -- --org "Acme" --email owner@acme.test

Then:
  curl ${gatewayUrl}/v1/users -H "Authorization: Bearer <api_key>"

Ctrl-C stops the apps; \`npm run infra:down\` stops Kafka, the SMTP catcher and Redis (those it started).
`);

for (const handle of handles) {
  handle.child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${handle.app} exited (${code ?? signal}); see ${handle.logFile}\n`);
      void stop(1);
    }
  });
}
