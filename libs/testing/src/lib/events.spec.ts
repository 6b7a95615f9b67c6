import { AckPolicy, DeliverPolicy, connect, type NatsConnection } from 'nats';
import { startNatsServer, type PrivateNatsServer } from './processes';
import { waitForDurableConsumers } from './events';

const STREAM = 'CATCH_UP_TEST';

describe('waitForDurableConsumers (a private nats-server with JetStream)', () => {
  let server: PrivateNatsServer;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: STREAM, subjects: ['catchup.>'] });
    const js = nc.jetstream();
    for (let i = 0; i < 5; i++) await js.publish('catchup.household', JSON.stringify({ i }));
    const durable = (name: string) => ({ durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    await jsm.consumers.add(STREAM, durable('housing-roster'));
    // Another service's durable, not started by the caller: its backlog is not waited for.
    await jsm.consumers.add(STREAM, durable('reports-audit'));
  });

  afterAll(async () => {
    await nc.close();
    await server.stop();
  });

  it('fails, naming the consumer and its backlog, when nothing works through the backlog', async () => {
    await expect(
      waitForDurableConsumers(server.url, STREAM, { namePrefixes: ['housing-'], stallMs: 800, pollMs: 100 }),
    ).rejects.toThrow(/stopped working through .*housing-roster 5/);
  });

  it('returns once the consumer has applied the backlog, with progress on the way', async () => {
    const lines: string[] = [];
    const waiting = waitForDurableConsumers(server.url, STREAM, { namePrefixes: ['housing-'], report: (line) => lines.push(line), pollMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const consumer = await nc.jetstream().consumers.get(STREAM, 'housing-roster');
    const batch = await consumer.fetch({ max_messages: 5, expires: 2000 });
    for await (const msg of batch) msg.ack();
    await waiting;
    expect(lines[0]).toMatch(/^applying 5 events .*\(housing-roster 5\)/);
    expect(lines.at(-1)).toBe(`the stream's earlier events are applied`);
  });
});
