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

  /** Adds every clause of `other`, with its values. */
  addAll(other: SqlWhere): this {
    this.clauses.push(...other.clauses);
    this.params.push(...other.params);
    return this;
  }

  toSql(): string {
    return this.clauses.length ? `where ${this.clauses.join(' and ')}` : '';
  }
}
