import { batchFailure } from './batch-failure';

describe('batchFailure', () => {
  it('logs and rethrows a database error without the statement parameters it carries', () => {
    const logged: Array<Record<string, unknown>> = [];
    const failure = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', parameters: ['ada@example.com', 'sk_hash'] });
    const thrown = batchFailure({ error: (fields) => logged.push(fields) }, 'audit', 3, failure);
    expect(thrown.message).toBe('audit batch failed: duplicate key value violates unique constraint');
    expect(logged).toEqual([{ err: { name: 'Error', message: 'duplicate key value violates unique constraint', code: '23505' }, events: 3 }]);
    expect(JSON.stringify([thrown.message, logged])).not.toContain('ada@example.com');
  });
});
