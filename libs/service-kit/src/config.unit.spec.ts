import { ConfigError, envBool, envInt, envUrl, loadCommonConfig, loadServiceConfig } from './config';
import { startupFailure, validateSettings } from './startup';
import { withEnv } from './testing/with-env';

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError was thrown');
}

describe('settings helpers', () => {
  it('read integers within bounds, or the default when unset or empty', () => {
    expect(withEnv({ X_MS: '250' }, () => envInt('X_MS', 10, { min: 1, max: 1000 }))).toBe(250);
    expect(withEnv({ X_MS: undefined }, () => envInt('X_MS', 10))).toBe(10);
    expect(withEnv({ X_MS: '' }, () => envInt('X_MS', 10))).toBe(10);
    expect(withEnv({ X_MS: 'ten' }, () => configError(() => envInt('X_MS', 10, { min: 1, max: 1000 })))).toBe('X_MS must be an integer between 1 and 1000 (got "ten")');
    expect(withEnv({ X_MS: '1.5' }, () => configError(() => envInt('X_MS', 10)))).toContain('X_MS');
    expect(withEnv({ X_MS: '1001' }, () => configError(() => envInt('X_MS', 10, { max: 1000 })))).toContain('X_MS');
  });

  it('read booleans strictly: a typo is refused, not taken as false', () => {
    expect(withEnv({ FLAG: 'true' }, () => envBool('FLAG', false))).toBe(true);
    expect(withEnv({ FLAG: 'YES' }, () => envBool('FLAG', false))).toBe(true);
    expect(withEnv({ FLAG: '0' }, () => envBool('FLAG', true))).toBe(false);
    expect(withEnv({ FLAG: undefined }, () => envBool('FLAG', true))).toBe(true);
    expect(withEnv({ FLAG: 'ture' }, () => configError(() => envBool('FLAG', false)))).toBe('FLAG must be true or false (got "ture")');
  });

  it('read URLs of the expected protocols without echoing a bad one (it may hold a password)', () => {
    expect(withEnv({ SOME_URL: 'smtp://u:p@mail:25' }, () => envUrl('SOME_URL', 'smtp://x', ['smtp:']))).toBe('smtp://u:p@mail:25');
    const message = withEnv({ SOME_URL: 'not a url with secret-pass' }, () => configError(() => envUrl('SOME_URL', 'smtp://x', ['smtp:'])));
    expect(message).toBe('SOME_URL must be a URL');
    expect(withEnv({ SOME_URL: 'http://mail' }, () => configError(() => envUrl('SOME_URL', 'smtp://x', ['smtp:'])))).toContain('SOME_URL must use smtp:');
  });
});

describe('the settings every app shares', () => {
  const clean = { KAFKA_BROKERS: undefined, STEWARD_NAMESPACE: undefined, LOG_LEVEL: undefined, RPC_TIMEOUT_MS: undefined, HOST: undefined };

  it('have defaults that work on one machine', () => {
    expect(withEnv(clean, loadCommonConfig)).toEqual({ kafkaBrokers: ['127.0.0.1:9092'], namespace: 'steward', logLevel: 'info', rpcTimeoutMs: 10_000, host: '127.0.0.1' });
  });

  it('accept broker lists with names, addresses and bracketed IPv6', () => {
    expect(withEnv({ ...clean, KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:9093,[::1]:9094' }, loadCommonConfig).kafkaBrokers).toEqual(['kafka-1:9092', '10.0.0.2:9093', '[::1]:9094']);
  });

  it.each([
    ['KAFKA_BROKERS', 'kafka', 'KAFKA_BROKERS must be a comma-separated list of host:port (got "kafka")'],
    ['KAFKA_BROKERS', 'kafka:99999', 'KAFKA_BROKERS'],
    ['KAFKA_BROKERS', ',', 'KAFKA_BROKERS'],
    ['STEWARD_NAMESPACE', 'my namespace', 'STEWARD_NAMESPACE'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['RPC_TIMEOUT_MS', '5', 'RPC_TIMEOUT_MS'],
  ])('refuse a bad %s (%s), naming it', (name, value, message) => {
    expect(withEnv({ ...clean, [name]: value }, () => configError(loadCommonConfig))).toContain(message);
  });

  it('for a service, add its port, its database and its pool', () => {
    const config = withEnv({ ...clean, KEY_VAULT_PORT: '4103', STEWARD_DB_PREFIX: 'acme_', DATABASE_URL: 'postgres://u:p@db:5432/postgres', DB_POOL_SIZE: '20' }, () =>
      loadServiceConfig('key-vault'),
    );
    expect(config).toMatchObject({ port: 4103, databaseName: 'acme_keyvault', databaseUrl: 'postgres://u:p@db:5432/acme_keyvault', dbPoolSize: 20 });
    expect(withEnv({ ...clean, DB_POOL_SIZE: '0' }, () => configError(() => loadServiceConfig('identity')))).toContain('DB_POOL_SIZE');
    expect(withEnv({ ...clean, IDENTITY_PORT: '70000' }, () => configError(() => loadServiceConfig('identity')))).toContain('IDENTITY_PORT');
    expect(withEnv({ ...clean, STEWARD_DB_PREFIX: 'Bad-Prefix' }, () => configError(() => loadServiceConfig('identity')))).toContain('STEWARD_DB_PREFIX');
  });
});

describe('starting an app', () => {
  it('reports every bad variable at once', () => {
    const bad = (name: string) => () => {
      throw new ConfigError(`${name} is bad`);
    };
    expect(configError(() => validateSettings([bad('A_MS'), () => 1, bad('B_URL')]))).toBe('A_MS is bad; B_URL is bad');
    expect(() => validateSettings([() => 1, () => 'fine'])).not.toThrow();
  });

  it('does not take a programming error for a configuration error', () => {
    expect(() => validateSettings([() => JSON.parse('{')])).toThrow(SyntaxError);
  });

  it('prints a configuration error as one line naming the variable, without a stack, and exits 78', () => {
    expect(startupFailure('identity', new ConfigError('INVITATION_TTL_DAYS must be an integer between 1 and 90 (got "0")'))).toEqual({
      exitCode: 78,
      line: 'identity: configuration error: INVITATION_TTL_DAYS must be an integer between 1 and 90 (got "0")\n',
    });
  });

  it('prints any other failure as a fatal JSON line with its stack, and exits 1', () => {
    const { exitCode, line } = startupFailure('identity', new Error('connect ECONNREFUSED'));
    expect(exitCode).toBe(1);
    expect(JSON.parse(line)).toMatchObject({ level: 'fatal', service: 'identity', msg: 'failed to start' });
    expect(JSON.parse(line).err).toContain('connect ECONNREFUSED');
  });
});
