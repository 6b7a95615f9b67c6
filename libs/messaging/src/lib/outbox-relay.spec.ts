import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { connect, type NatsConnection } from 'nats';
import { EVENT_STREAM } from '@poverty/contracts';
import { CASE_ENTITIES, persistenceConfig } from '@poverty/persistence';
import { readStreamEvents, recreateDatabase, startNatsServer, waitFor, type PrivateNatsServer } from '@poverty/testing';
import { ensureEventStream } from './event-stream';
import { OutboxRelay } from './outbox-relay';

const SCHEMA = 'relay_spec';
const SUBJECT = 'events.identification.relaySpec';
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

/**
 * The outbox relay against the real PostgreSQL and a nats-server of its own: every committed row
 * reaches the stream once and is marked; a row another relay holds is left to it until its lease
 * runs out.
 */
describe('OutboxRelay', () => {
  let nats: PrivateNatsServer;
  let nc: NatsConnection;
  let orm: MikroORM;
  const relays: OutboxRelay[] = [];

  const relay = () => {
    const created = new OutboxRelay({ orm, schema: SCHEMA, js: nc.jetstream(), logger: silent, gatherMs: 5, idleMs: 50 });
    relays.push(created);
    return created;
  };
  const sql = (text: string, params: unknown[] = []) => orm.em.getConnection().execute(text, params);
  const insert = async (count: number, claimedUntil: string | null = null) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) {
      await sql(`insert into ${SCHEMA}.outbox (id, subject, payload, created_at, claimed_until, attempts) values (?, ?, ?, clock_timestamp(), ?, 0)`, [
        id, SUBJECT, JSON.stringify({ id }), claimedUntil,
      ]);
    }
    return ids;
  };
  const attempts = async (ids: string[]) =>
    (await sql(`select attempts from ${SCHEMA}.outbox where id in (select value::uuid from jsonb_array_elements_text(?::jsonb)) order by created_at`, [JSON.stringify(ids)])).map(
      (row) => row['attempts'] as number,
    );
  const unpublished = async () => (await sql(`select count(*)::int as n from ${SCHEMA}.outbox where published_at is null`))[0].n as number;
  const onStream = async (ids: string[]) => (await readStreamEvents<{ id: string }>(nats.url, EVENT_STREAM, SUBJECT, (e) => ids.includes(e.id))).map((e) => e.id);

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    await ensureEventStream(nc);
    orm = await MikroORM.init(
      persistenceConfig({ schema: SCHEMA, entities: CASE_ENTITIES, migrations: [], databaseUrl: await recreateDatabase('poverty_relay_spec'), poolMax: 4 }),
    );
    await orm.schema.createSchema();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await orm.close(true);
    await nc.close();
    await nats.stop();
  });

  it('publishes every committed row once, in order, and marks it published', async () => {
    const ids = await insert(25);
    relay().start();
    await waitFor(async () => (await unpublished()) === 0, 'every row marked published', 10_000, 50);
    expect(await onStream(ids)).toEqual(ids);
    expect(await attempts(ids)).toEqual(ids.map(() => 1));
    const [{ leased }] = await sql(`select count(*)::int as leased from ${SCHEMA}.outbox where claimed_until is not null`);
    expect(leased).toBe(0);
  });

  it('leaves a row another relay has claimed until the lease runs out, then publishes it once', async () => {
    const leaseEnds = Date.now() + 4_000;
    const held = await insert(1, new Date(leaseEnds).toISOString()); // claimed by a relay that then crashed
    const free = await insert(1);
    relay().start();
    await waitFor(async () => (await unpublished()) === 1, 'the free row to be published', 3_000, 20);
    expect(Date.now()).toBeLessThan(leaseEnds);
    const [{ waiting }] = await sql(`select count(*)::int as waiting from ${SCHEMA}.outbox where id = ? and published_at is null`, [held[0]]);
    expect(waiting).toBe(1);
    await waitFor(async () => (await unpublished()) === 0, 'the held row, once its lease ran out', 10_000, 100);
    expect(Date.now()).toBeGreaterThanOrEqual(leaseEnds);
    expect(await onStream([...held, ...free])).toEqual([...free, ...held]); // the free row went first
    expect(await attempts(held)).toEqual([1]);
  }, 20_000);

  it('shares the rows between two relays, each row claimed by one of them once', async () => {
    const ids = await insert(60);
    relay().start();
    relay().start();
    await waitFor(async () => (await unpublished()) === 0, 'every row marked published', 10_000, 50);
    expect(await attempts(ids)).toEqual(ids.map(() => 1));
    expect((await onStream(ids)).sort()).toEqual([...ids].sort());
  });
});
