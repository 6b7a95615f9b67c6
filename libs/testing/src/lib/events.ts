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
