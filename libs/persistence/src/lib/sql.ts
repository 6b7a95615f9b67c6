import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/**
 * Plain SQL with knex-style `?` placeholders, inside a transaction or not. The case tables, the
 * services' hooks and the consumers all write through this one interface, whether the session
 * is a MikroORM transaction (`sqlOf(em)`) or the lean pool path (`SqlDatabase`).
 */
export interface Sql {
  /** Runs a statement and returns its rows. */
  all<T = Record<string, any>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
}

/** The statements of a MikroORM EntityManager, in its transaction when it has one. */
export function sqlOf(em: EntityManager): SqlTransaction {
  const execute = (text: string, params: readonly unknown[], method: 'all' | 'run') =>
    em.getConnection().execute<any>(text, params as unknown[], method, em.getTransactionContext());
  const all = (text: string, params: readonly unknown[] = []) => execute(text, params, 'all');
  return {
    all,
    last: all,
    run: async (text, params = []) => ((await execute(text, params, 'run')) as { affectedRows: number }).affectedRows,
  };
}

/** The pg driver's client, as far as this module uses it. */
interface PgClient {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: any[]; rowCount: number | null }>;
}

interface KnexPool {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/** `?` → `$1, $2, …` outside quoted strings and identifiers, and a stable statement name. */
interface PreparedText {
  name: string;
  text: string;
}

const prepared = new Map<string, PreparedText>();

export function toNumberedPlaceholders(text: string): string {
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

function prepare(text: string): PreparedText {
  let statement = prepared.get(text);
  if (!statement) {
    // Named statements are parsed and planned once per connection, not on every call.
    statement = { name: `s_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`, text: toNumberedPlaceholders(text) };
    if (prepared.size > 2_000) prepared.clear(); // texts built from variable lists must not grow this forever
    prepared.set(text, statement);
  }
  return statement;
}

/** Values as the pg driver should send them (knex sends the same: JSON text for objects). */
function values(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p !== null && typeof p === 'object' && !(p instanceof Date) && !Buffer.isBuffer(p) ? JSON.stringify(p) : p));
}

async function query(client: PgClient, text: string, params: readonly unknown[]) {
  const { name, text: numbered } = prepare(text);
  return client.query({ name, text: numbered, values: values(params) });
}

/**
 * A transaction that begins lazily. `last()` is the transaction's final write: when nothing ran
 * before it, it runs alone — one statement is atomic in PostgreSQL — and saves the BEGIN and
 * COMMIT round trips; otherwise it runs inside the open transaction.
 */
export interface SqlTransaction extends Sql {
  last<T = Record<string, any>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

class PooledTransaction implements SqlTransaction {
  began = false;
  private finished = false;

  constructor(private readonly client: PgClient) {}

  private async statement(text: string, params: readonly unknown[]) {
    if (this.finished) throw new Error('A statement after the transaction\'s last one would run outside it');
    if (!this.began) {
      await this.client.query({ text: 'begin' });
      this.began = true;
    }
    return query(this.client, text, params);
  }

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.statement(text, params)).rows as T[];
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.statement(text, params)).rowCount ?? 0;
  }

  async last<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.began) return this.all<T>(text, params);
    if (this.finished) throw new Error('A statement after the transaction\'s last one would run outside it');
    this.finished = true;
    return (await query(this.client, text, params)).rows as T[];
  }
}

/**
 * The hot path's SQL: MikroORM's own connection pool, driven directly with named (prepared)
 * statements — no query builder, no ORM context on the way (they cost the service more CPU than
 * PostgreSQL spends on the statements).
 */
export class SqlDatabase {
  constructor(private readonly orm: MikroORM) {}

  private pool(): KnexPool {
    return (this.orm.em.getConnection().getKnex() as unknown as { client: KnexPool }).client;
  }

  /** Statements outside a transaction, on one connection. */
  async read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const pool = this.pool();
    const client = await pool.acquireConnection();
    try {
      return await work({
        all: async (text, params = []) => (await query(client, text, params)).rows,
        run: async (text, params = []) => (await query(client, text, params)).rowCount ?? 0,
      });
    } finally {
      await pool.releaseConnection(client);
    }
  }

  /** Runs `work` in a transaction (begun lazily, see `SqlTransaction`): committed if it returns, rolled back if it throws. */
  async transaction<T>(work: (sql: SqlTransaction) => Promise<T>): Promise<T> {
    const pool = this.pool();
    const client = await pool.acquireConnection();
    const tx = new PooledTransaction(client);
    try {
      const result = await work(tx);
      if (tx.began) await client.query({ text: 'commit' });
      return result;
    } catch (error) {
      if (tx.began) await client.query({ text: 'rollback' }).catch(() => undefined);
      throw error;
    } finally {
      await pool.releaseConnection(client);
    }
  }
}
