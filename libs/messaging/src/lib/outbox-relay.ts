import { headers, type JetStreamClient } from 'nats';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlDatabase } from '@poverty/persistence';
import type { Logger } from './logger';

/** How long a claimed row is left to its relay before another may publish it. */
const LEASE_SECONDS = 30;
/** Row ids passed as one JSON array parameter. */
const IDS_PARAM = 'select value::uuid from jsonb_array_elements_text(?::jsonb)';

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
 * marks them published. Rows are claimed with SKIP LOCKED and a lease, so replicas share the
 * work; a crash between publish and mark re-publishes, and JetStream's duplicate window drops it.
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
  /** Published rows, marked by the next statement. */
  private acked: string[] = [];
  /** Rows whose batch failed to publish, released by the next statement. */
  private failed: string[] = [];

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
    await this.settle().catch((error) => this.options.logger.error('outbox relay could not mark its last batch', { error: (error as Error).message }));
  }

  /** Called after a commit so events leave without waiting for the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A short pause gathers the commits of concurrent decisions into one batch: each batch costs
    // one statement and a round of JetStream acks, whatever its size.
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

  /**
   * One batch: one statement, then the publishes. The statement marks the previous batch published
   * (its acks came back), releases a failed batch, and claims the next rows for a lease — not a
   * transaction held open while NATS answers, which cost a begin and a commit round trip a batch
   * and kept the rows locked as long as NATS took. A crash before the marks leaves the rows
   * leased: the lease runs out and they are published again, and JetStream's duplicate window
   * drops the copies (`Nats-Msg-Id` is the row's id). Returns how many rows it published.
   */
  async publishBatch(limit = this.options.batchSize ?? 200): Promise<number> {
    const acked = this.acked;
    const failed = this.failed;
    this.acked = [];
    this.failed = [];
    let rows: Array<{ id: string; subject: string; payload: unknown; created_at: string }>;
    try {
      rows = await this.db.read((sql) =>
        sql.all(
          `with marked as (
             update ${this.table} set published_at = now(), claimed_until = null where id in (${IDS_PARAM})
           ), released as (
             update ${this.table} set claimed_until = null where id in (${IDS_PARAM})
           )
           update ${this.table} set claimed_until = now() + make_interval(secs => ?), attempts = attempts + 1 where id in (
             select id from ${this.table} where published_at is null and (claimed_until is null or claimed_until < now())
               and id not in (${IDS_PARAM}) -- a row changes once a statement
             order by created_at limit ? for update skip locked
           ) returning id, subject, payload, created_at`,
          [acked, failed, LEASE_SECONDS, [...acked, ...failed], limit],
        ),
      );
    } catch (error) {
      // Nothing was marked or released: try again with the next statement.
      this.acked.push(...acked);
      this.failed.push(...failed);
      throw error;
    }
    if (rows.length === 0) return 0;
    rows.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    const ids = rows.map((row) => row.id);
    try {
      await Promise.all(
        rows.map((row) => {
          const h = headers();
          h.set('Nats-Msg-Id', row.id);
          return this.options.js.publish(row.subject, Buffer.from(JSON.stringify(row.payload)), { msgID: row.id, headers: h });
        }),
      );
    } catch (error) {
      // The whole batch goes again, oldest first; JetStream drops the copies of what did arrive.
      this.failed.push(...ids);
      throw error;
    }
    this.acked.push(...ids);
    return rows.length;
  }

  /** Marks what was published and releases what failed, claiming nothing (on stop). */
  private async settle(): Promise<void> {
    if (this.acked.length > 0 || this.failed.length > 0) await this.publishBatch(0);
  }
}
