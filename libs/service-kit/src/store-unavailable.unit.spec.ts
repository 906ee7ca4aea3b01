import { isStoreUnavailable } from './store-unavailable';

describe('isStoreUnavailable', () => {
  it('recognizes a refused or dropped Postgres connection', () => {
    expect(isStoreUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('query failed'), { driverError: { code: '08006' } }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isStoreUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isStoreUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isStoreUnavailable(undefined)).toBe(false);
  });
});
