import { connect } from 'nats';

/**
 * Reads every message on a JetStream stream subject (from the start, with an ordered
 * consumer) and returns the decoded payloads that match.
 */
export async function readStreamEvents<T = any>(natsUrl: string, stream: string, subject: string, match: (payload: T) => boolean = () => true): Promise<T[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream, { subjects_filter: subject } as any);
    const expected = Object.values((info.state as any).subjects ?? {}).reduce((sum: number, n) => sum + Number(n), 0);
    const found: T[] = [];
    if (expected === 0) return found;
    const consumer = await nc.jetstream().consumers.get(stream, { filterSubjects: subject });
    let seen = 0;
    while (seen < expected) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 2000 });
      let got = 0;
      for await (const msg of batch) {
        got++;
        seen++;
        const payload = JSON.parse(Buffer.from(msg.data).toString('utf8')) as T;
        if (match(payload)) found.push(payload);
      }
      if (got === 0) break;
    }
    return found;
  } finally {
    await nc.close();
  }
}

/** Options of `waitForDurableConsumers`. */
export interface ConsumerCatchUp {
  /** Durable consumers whose names start with one of these are waited for. */
  namePrefixes: string[];
  /** Progress lines (no line ending added). */
  report?: (line: string) => void;
  /** Fails when the backlog has not shrunk for this long (a consumer stopped or stuck on an event). */
  stallMs?: number;
  pollMs?: number;
}

/**
 * Waits until the stream's durable consumers of the given services have nothing left to apply.
 * A stack on the machine's NATS inherits whatever earlier runs left unconsumed in the shared
 * stream (its durables outlive the runs); its services work through that first, and tests that
 * wait for a read model meanwhile would time out one by one. This waits once, with progress, and
 * fails with the reason when the backlog stops shrinking.
 */
export async function waitForDurableConsumers(natsUrl: string, stream: string, options: ConsumerCatchUp): Promise<void> {
  const { namePrefixes, report = () => undefined, stallMs = 60_000, pollMs = 1_000 } = options;
  const nc = await connect({ servers: natsUrl });
  const server = natsUrl.replace(/\/\/[^@/]*@/, '//'); // never a password in a message
  try {
    const jsm = await nc.jetstreamManager();
    const backlog = async () => {
      const left = new Map<string, number>();
      for await (const consumer of jsm.consumers.list(stream)) {
        const name = consumer.config.durable_name;
        if (!name || !namePrefixes.some((prefix) => name.startsWith(prefix))) continue;
        const pending = consumer.num_pending + consumer.num_ack_pending;
        if (pending > 0) left.set(name, pending);
      }
      return left;
    };
    let smallest = Infinity;
    let shrankAt = Date.now();
    let reportedAt = 0;
    for (;;) {
      const left = await backlog();
      const total = [...left.values()].reduce((sum, n) => sum + n, 0);
      if (total === 0) {
        if (reportedAt) report(`the stream's earlier events are applied`);
        return;
      }
      if (total < smallest) {
        smallest = total;
        shrankAt = Date.now();
      }
      const describe = () => [...left].map(([name, n]) => `${name} ${n}`).join(', ');
      if (Date.now() - shrankAt > stallMs) {
        throw new Error(
          `The durable consumers on ${server} stopped working through events earlier runs left in ${stream} (${describe()}); ` +
            `see the services' logs, or run with a private nats-server (E2E_PRIVATE_NATS=1)`,
        );
      }
      if (Date.now() - reportedAt >= 10_000) {
        report(`applying ${total} events earlier runs left unconsumed on ${server} (${describe()})…`);
        reportedAt = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await nc.close();
  }
}
