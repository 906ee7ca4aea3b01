/**
 * A failed query's log line names the failure (code, table, constraint, verb) and never its bound
 * values or Postgres' message, which can quote them; unique violations (answered 409) are not logged.
 */
import { Logger } from '@nestjs/common';
import { QueryFailureLogger } from './database';

afterEach(() => jest.restoreAllMocks());

function failure(fields: Record<string, string>): Error {
  return Object.assign(new Error('invalid input syntax for type uuid: "sk_live_secret-looking-value"'), fields);
}

describe('QueryFailureLogger', () => {
  it('logs the code, table, constraint and statement verb of a failed query, not its values or message', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    new QueryFailureLogger().logQueryError(failure({ code: '22P02', table: 'api_keys' }), '  insert INTO api_keys (id, hash) VALUES ($1, $2)');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]).toEqual([{ code: '22P02', table: 'api_keys', constraint: undefined, statement: 'INSERT' }, 'query failed']);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('sk_live_');
  });

  it('does not log a unique violation (an answer, 409)', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    new QueryFailureLogger().logQueryError(failure({ code: '23505', constraint: 'users_email' }), 'INSERT INTO users VALUES ($1)');
    expect(warn).not.toHaveBeenCalled();
  });
});
