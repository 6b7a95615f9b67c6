import { headers, type JetStreamClient } from 'nats';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlDatabase } from '@poverty/persistence';
import type { Logger } from './logger';

export interface OutboxRelayOptions {
  orm: MikroORM;
  schema: string;
  js: JetStreamClient;
  logger: Logger;
  batchSize?: number;
  idleMs?: number;
  /** How long a nudge waits to gather more committed rows into its batch (default 20 ms). */
  gatherMs?: number;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = the row's id, then
 * marks them published. Rows are locked with SKIP LOCKED, so replicas share the work; a
 * crash between publish and mark re-publishes, and JetStream's duplicate window drops it.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private running = false;
  private again = false;
  private stopped = false;
  private readonly table: string;
  private readonly db: SqlDatabase;
  private readonly gatherMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `"${options.schema}".outbox`;
    this.db = new SqlDatabase(options.orm);
    this.gatherMs = options.gatherMs ?? 20;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /** Called after a commit so events leave without waiting for the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A short pause gathers the commits of concurrent decisions into one batch: each batch costs
    // three round trips to PostgreSQL (begin, claim, commit), whatever its size.
    const gather = this.gatherMs;
    if (this.timerDueAt > Date.now() + gather) this.schedule(gather);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = Date.now() + ms;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let published = 0;
    try {
      published = await this.publishBatch();
    } catch (error) {
      this.options.logger.error('outbox relay batch failed', { error: (error as Error).message });
    } finally {
      this.running = false;
    }
    // A full batch means a backlog: go on at once. Commits that arrived meanwhile wait the
    // gathering pause, so that under load each batch carries several rows, not one or two.
    const backlog = published === (this.options.batchSize ?? 200);
    const committedMeanwhile = this.again;
    this.again = false;
    this.schedule(backlog ? 0 : committedMeanwhile ? this.gatherMs : (this.options.idleMs ?? 250));
  }

  /** One batch in one transaction; returns how many rows were published. */
  async publishBatch(): Promise<number> {
    return this.db.transaction(async (sql) => {
      // Claim and mark in one statement; if a publish fails the transaction rolls the mark back.
      const rows = await sql.all<{ id: string; subject: string; payload: unknown; created_at: string }>(
        `update ${this.table} set published_at = now(), attempts = attempts + 1 where id in (
           select id from ${this.table} where published_at is null order by created_at limit ? for update skip locked
         ) returning id, subject, payload, created_at`,
        [this.options.batchSize ?? 200],
      );
      if (rows.length === 0) return 0;
      rows.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
      await Promise.all(
        rows.map((row) => {
          const h = headers();
          h.set('Nats-Msg-Id', row.id);
          return this.options.js.publish(row.subject, Buffer.from(JSON.stringify(row.payload)), { msgID: row.id, headers: h });
        }),
      );
      return rows.length;
    });
  }
}
