import { envBool, envInt, env, loadCommonConfig, type CommonConfig } from '@steward/service-kit';
import { loadKeyEncryptionKey } from '../api-keys/secret-box';
import { cacheSettings } from '../auth/api-key-cache';
import { keyUsageFlushMs } from '../auth/key-usage';
import { loadLimitsSettings } from '../limits/limits.settings';

export interface GatewayConfig extends CommonConfig {
  port: number;
  /** Honour `X-Forwarded-For` for the client's ip (behind a proxy that sets it). */
  trustProxy: boolean;
  /** Where `/metrics` is served alone; undefined → on the public port, as `GET /metrics`. */
  metrics?: { port: number; host: string };
  /** Processes serving the gateway's port (node:cluster); 1 → this process alone. */
  workers: number;
}

export function loadGatewayConfig(): GatewayConfig {
  const common = loadCommonConfig();
  const metricsPort = process.env.GATEWAY_METRICS_PORT ? envInt('GATEWAY_METRICS_PORT', 0, { min: 1, max: 65535 }) : undefined;
  return {
    ...common,
    port: envInt('GATEWAY_PORT', 3000, { min: 0, max: 65535 }),
    trustProxy: envBool('TRUST_PROXY', false),
    metrics: metricsPort === undefined ? undefined : { port: metricsPort, host: env('GATEWAY_METRICS_HOST', common.host) },
    workers: envInt('GATEWAY_WORKERS', 1, { min: 1, max: 64 }),
  };
}

/**
 * Every settings loader of the gateway, run before it connects anywhere (main.ts): a bad
 * variable stops the start with a message naming it. The providers read the same values again
 * when Nest creates them.
 */
export const GATEWAY_SETTINGS: Array<() => unknown> = [loadGatewayConfig, cacheSettings, keyUsageFlushMs, () => loadKeyEncryptionKey(), loadLimitsSettings];
