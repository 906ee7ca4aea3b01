import { ConfigError, withEnv } from '@steward/service-kit';
import { loadGatewayConfig } from './gateway.config';

const clean = { GATEWAY_PORT: undefined, GATEWAY_METRICS_PORT: undefined, GATEWAY_METRICS_HOST: undefined, HOST: undefined, TRUST_PROXY: undefined };

describe('loadGatewayConfig', () => {
  it('serves /metrics on the public port unless GATEWAY_METRICS_PORT is set', () => {
    expect(withEnv(clean, loadGatewayConfig)).toMatchObject({ port: 3000, trustProxy: false, metrics: undefined });
    expect(withEnv({ ...clean, GATEWAY_METRICS_PORT: '9464', HOST: '0.0.0.0' }, loadGatewayConfig).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(withEnv({ ...clean, GATEWAY_METRICS_PORT: '9464', GATEWAY_METRICS_HOST: '10.0.0.5' }, loadGatewayConfig).metrics).toEqual({ port: 9464, host: '10.0.0.5' });
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => withEnv({ ...clean, GATEWAY_METRICS_PORT: '0' }, loadGatewayConfig)).toThrow(new ConfigError('GATEWAY_METRICS_PORT must be an integer between 1 and 65535 (got "0")'));
    expect(() => withEnv({ ...clean, TRUST_PROXY: 'on' }, loadGatewayConfig)).toThrow(/TRUST_PROXY/);
    expect(() => withEnv({ ...clean, GATEWAY_PORT: '-1' }, loadGatewayConfig)).toThrow(/GATEWAY_PORT/);
  });
});
