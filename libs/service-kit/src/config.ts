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

export const SERVICE_PORTS: Record<BoundedContext, number> = {
  identity: 3101,
  workspace: 3102,
  'key-vault': 3103,
  notification: 3104,
  audit: 3105,
};

export interface ServiceConfig {
  context: BoundedContext;
  /** HTTP port for /health/* (and /metrics later). */
  port: number;
  host: string;
  databaseUrl: string;
  databaseName: string;
}

export function databaseName(context: BoundedContext): string {
  return `${env('STEWARD_DB_PREFIX', 'steward_')}${context.replace('-', '')}`;
}

/** DATABASE_URL names the server; each service uses its own database on it. */
export function serviceDatabaseUrl(context: BoundedContext): string {
  const url = new URL(envUrl('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres', ['postgres:', 'postgresql:']));
  url.pathname = `/${databaseName(context)}`;
  return url.toString();
}

export function loadServiceConfig(context: BoundedContext): ServiceConfig {
  const portVar = `${context.replace('-', '_').toUpperCase()}_PORT`;
  return {
    context,
    port: envInt(portVar, SERVICE_PORTS[context], { min: 0, max: 65535 }),
    host: env('HOST', '127.0.0.1'),
    databaseUrl: serviceDatabaseUrl(context),
    databaseName: databaseName(context),
  };
}
