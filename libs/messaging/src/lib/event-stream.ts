import { RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { EVENT_STREAM, EVENT_SUBJECTS } from '@poverty/contracts';

/** Creates the domain-event stream if it does not exist (idempotent; every app may call it). */
export async function ensureEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(EVENT_STREAM);
  } catch {
    try {
      await jsm.streams.add({
        name: EVENT_STREAM,
        subjects: [EVENT_SUBJECTS],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        duplicate_window: 2 * 60 * 1_000_000_000,
        // In a cluster the stream is replicated (docker-compose sets 3); one node here.
        num_replicas: Number(process.env['NATS_STREAM_REPLICAS'] ?? 1),
        max_age: 0,
      });
    } catch (error) {
      // Another replica created it between our check and our add.
      if (!String((error as Error).message).includes('already in use')) throw error;
    }
  }
}
