/** Builds a parameterised WHERE clause piece by piece (values never enter the SQL text). */
export class SqlWhere {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `clause` with its `?` placeholders' values. */
  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  /** Adds the clause only when the value is present. */
  addIf(value: unknown, clause: string): this {
    return value === undefined || value === null || value === '' ? this : this.add(clause, value);
  }

  toSql(): string {
    return this.clauses.length ? `where ${this.clauses.join(' and ')}` : '';
  }
}
