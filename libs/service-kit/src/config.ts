import type { BoundedContext } from '@steward/contracts';

/**
 * Reads and validates a service's settings from the environment once, at start. A bad value
 * stops the process with a message naming the variable (docs/configuration.md lists them).
 */
export class ConfigError extends Error {}

export function env(name: string, fallback?: string): string {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(`${name} is required but not set`);
}

export function envInt(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

/** `true` or `false` (also `1`/`0`, `yes`/`no`); anything else is refused rather than read as false. */
export function envBool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

export function envUrl(name: string, fallback: string, protocols: string[]): string {
  const raw = env(name, fallback);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not echoed: a URL may carry a password.
    throw new ConfigError(`${name} must be a URL`);
  }
  if (!protocols.includes(url.protocol)) throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got "${url.protocol}")`);
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `LOG_LEVEL`: a pino level. */
export function logLevel(): string {
  const level = env('LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
  return level;
}

// Kafka topic names: letters, digits, `.`, `_` and `-` (the namespace prefixes every topic).
const TOPIC_PREFIX = /^[A-Za-z0-9._-]{1,100}$/;
const BROKER = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:,[\]]+):(\d{1,5})$/;

/**
 * Settings every app shares (read by libs/messaging and libs/contracts where they are used;
 * checked here once, at start, so a bad value stops the app before it connects anywhere).
 */
export interface CommonConfig {
  kafkaBrokers: string[];
  namespace: string;
  logLevel: string;
  rpcTimeoutMs: number;
  host: string;
}

export function loadCommonConfig(): CommonConfig {
  const brokers = env('KAFKA_BROKERS', '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const badBroker = brokers.find((b) => {
    const match = BROKER.exec(b);
    return !match || Number(match[1]) < 1 || Number(match[1]) > 65535;
  });
  if (brokers.length === 0 || badBroker !== undefined) {
    throw new ConfigError(`KAFKA_BROKERS must be a comma-separated list of host:port${badBroker !== undefined ? ` (got "${badBroker}")` : ''}`);
  }
  const namespace = env('STEWARD_NAMESPACE', 'steward');
  if (!TOPIC_PREFIX.test(namespace)) throw new ConfigError(`STEWARD_NAMESPACE may hold only letters, digits, ".", "_" and "-" (got "${namespace}")`);
  return {
    kafkaBrokers: brokers,
    namespace,
    logLevel: logLevel(),
    rpcTimeoutMs: envInt('RPC_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }),
    host: env('HOST', '127.0.0.1'),
  };
}

export const SERVICE_PORTS: Record<BoundedContext, number> = {
  identity: 3101,
  workspace: 3102,
  'key-vault': 3103,
  notification: 3104,
  audit: 3105,
};

export interface ServiceConfig extends CommonConfig {
  context: BoundedContext;
  /** HTTP port for /health/* and /metrics (internal: not for the internet). */
  port: number;
  databaseUrl: string;
  databaseName: string;
  dbPoolSize: number;
}

const DB_PREFIX = /^[a-z_][a-z0-9_]{0,40}$/;

export function databaseName(context: BoundedContext): string {
  const prefix = env('STEWARD_DB_PREFIX', 'steward_');
  if (!DB_PREFIX.test(prefix)) throw new ConfigError(`STEWARD_DB_PREFIX may hold only lowercase letters, digits and "_" (got "${prefix}")`);
  return `${prefix}${context.replace('-', '')}`;
}

/** `DB_POOL_SIZE`: connections per service process. */
export function dbPoolSize(): number {
  return envInt('DB_POOL_SIZE', 10, { min: 1, max: 1000 });
}

/** DATABASE_URL names the server; each service uses its own database on it. */
export function serviceDatabaseUrl(context: BoundedContext): string {
  const url = new URL(envUrl('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres', ['postgres:', 'postgresql:']));
  url.pathname = `/${databaseName(context)}`;
  return url.toString();
}

/** The name of a service's port variable: `IDENTITY_PORT`, `KEY_VAULT_PORT`, … */
export function servicePortVariable(context: BoundedContext): string {
  return `${context.replace('-', '_').toUpperCase()}_PORT`;
}

export function loadServiceConfig(context: BoundedContext): ServiceConfig {
  return {
    ...loadCommonConfig(),
    context,
    port: envInt(servicePortVariable(context), SERVICE_PORTS[context], { min: 0, max: 65535 }),
    databaseUrl: serviceDatabaseUrl(context),
    databaseName: databaseName(context),
    dbPoolSize: dbPoolSize(),
  };
}
