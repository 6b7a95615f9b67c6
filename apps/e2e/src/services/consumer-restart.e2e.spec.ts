import { randomUUID } from 'node:crypto';
import { connect, headers } from 'nats';
import { HOUSEHOLD_REGISTERED, type HouseholdRegisteredEvent } from '@poverty/contracts';
import { query, startNatsServer, startStack, waitFor, type Stack } from '@poverty/testing';
import { SHANGBAO, XIAOSHI } from '../support/api';

/**
 * Kills the housing service while its roster consumer is working through a stream of registrations,
 * restarts it, and counts: every registration applied once, every C/D household given exactly one
 * renovation case. Runs its own database and nats-server so the kill cannot touch the shared stack.
 */
describe('housing roster consumer killed mid-stream', () => {
  const total = 400;
  let nats: { url: string; stop: () => Promise<void> };
  let stack: Stack;

  beforeAll(async () => {
    nats = await startNatsServer();
    stack = await startStack({
      database: `${process.env['E2E_DB'] ?? 'poverty_e2e'}_consumer`,
      natsUrl: nats.url,
      services: { housing: 1 },
      env: { LOG_LEVEL: 'silent' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await nats?.stop();
  });

  const count = async (sql: string) => Number((await query(stack.databaseUrl, sql))[0].n);

  it('applies every event exactly once across a SIGKILL and a restart', async () => {
    const events: HouseholdRegisteredEvent[] = Array.from({ length: total }, (_, i) => ({
      householdId: randomUUID(),
      caseId: randomUUID(),
      townshipCode: XIAOSHI,
      villageCode: SHANGBAO,
      headName: `测试户${i}`,
      size: 2,
      attribute: 'general',
      housingGrade: ['A', 'B', 'C', 'D', null][i % 5],
      registeredAt: new Date().toISOString(),
      members: [],
    }));
    const dangerous = events.filter((e) => e.housingGrade === 'C' || e.housingGrade === 'D').length;

    const nc = await connect({ servers: nats.url });
    const js = nc.jetstream();
    await Promise.all(
      events.map((e) => {
        const id = randomUUID();
        const h = headers();
        h.set('Nats-Msg-Id', id);
        return js.publish(HOUSEHOLD_REGISTERED, JSON.stringify({ name: 'household.registered', ...e }), { msgID: id, headers: h });
      }),
    );
    await nc.close();

    const processed = () => count(`select count(*) as n from housing.processed_message where consumer = 'housing-roster'`);
    await waitFor(async () => (await processed()) >= 20, 'the consumer to get going', 30_000, 10);
    await stack.services['housing'][0].kill('SIGKILL');
    const atKill = await processed();
    expect(atKill).toBeLessThan(total);

    await stack.startReplica('housing');
    // Messages delivered but not acked before the kill come back after the consumer's ack wait (30 s).
    await waitFor(async () => (await processed()) === total, 'every event to be processed after the restart', 90_000, 250);
    await new Promise((r) => setTimeout(r, 1000));

    expect(await processed()).toBe(total);
    expect(await count(`select count(*) as n from housing.roster_household`)).toBe(total);
    expect(await count(`select count(*) as n from housing.dangerous_house`)).toBe(dangerous);
    expect(await count(`select count(*) as n from housing.case_record where declared_by = 'system'`)).toBe(dangerous);
    expect(await count(`select count(*) as n from (select household_id from housing.case_record group by household_id having count(*) > 1) d`)).toBe(0);
    expect(await count(`select count(*) as n from housing.outbox where subject = 'events.housing.household.housingStatus'`)).toBe(total);
    console.log(JSON.stringify({ consumerRestart: { total, dangerous, processedAtKill: atKill } }));
  }, 150_000);
});
