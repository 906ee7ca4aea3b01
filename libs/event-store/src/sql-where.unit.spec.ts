import { SqlWhere } from './sql-where';

describe('SqlWhere', () => {
  it('numbers placeholders across conditions in order', () => {
    const where = new SqlWhere('org_id', 'org_1').add('status = ?', 'active').add('(a = ? OR b = ?)', 'x', 'y');
    const limit = where.param(21);
    expect(where.sql).toBe('org_id = $1 AND status = $2 AND (a = $3 OR b = $4)');
    expect(limit).toBe('$5');
    expect(where.params).toEqual(['org_1', 'active', 'x', 'y', 21]);
  });

  it('accepts conditions without values and refuses a placeholder/value mismatch', () => {
    expect(new SqlWhere('org_id', 'o').add('parent_id IS NULL').sql).toBe('org_id = $1 AND parent_id IS NULL');
    expect(() => new SqlWhere('org_id', 'o').add('a = ? OR b = ?', 'x')).toThrow();
  });
});
