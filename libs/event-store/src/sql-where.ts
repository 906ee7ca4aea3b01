/**
 * The one way read-model queries build their WHERE clause: conditions with `?` placeholders,
 * numbered into `$n` parameters in order, so filters compose without hand-counting.
 */
export class SqlWhere {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Starts with `column = $1` — every read-model query is scoped to an organization. */
  constructor(column: string, value: unknown) {
    this.add(`${column} = ?`, value);
  }

  /** Adds a condition; each `?` takes the next value (their counts must match). */
  add(condition: string, ...values: unknown[]): this {
    const parts = condition.split('?');
    if (parts.length - 1 !== values.length) {
      throw new Error(`condition "${condition}" has ${parts.length - 1} placeholders for ${values.length} values`);
    }
    this.conditions.push(parts.reduce((sql, part, i) => `${sql}${this.param(values[i - 1])}${part}`));
    return this;
  }

  /** Binds a value and returns its placeholder (for LIMIT and the like). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.conditions.join(' AND ');
  }
}
