/**
 * Seeds a demo county once: two synthetic households per township of 本溪满族自治县, declared
 * and reviewed through the real services (NATS commands with gateway-signed principals), so
 * the inboxes, the public board and the roster have something to show.
 */
import { randomUUID } from 'node:crypto';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { Client } from 'pg';
import { signPrincipal, principalSigningKeyFromEnv } from '@poverty/auth';
import { caseSubject } from '@poverty/contracts';
import { BENXI_COUNTY, syntheticIdNumber } from '@poverty/policy';
import type { Actor } from '@poverty/workflow';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马'];
const GIVEN = ['建华', '秀英', '玉兰', '志强', '桂芳', '德明', '淑珍', '国庆'];
const CAUSES = ['illness', 'disability', 'schooling', 'lackOfLabour', 'lackOfFunds', 'marriage'];

async function main() {
  const db = new Client({ connectionString: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/poverty' });
  await db.connect();
  const { rows } = await db.query('select count(*)::int as n from identification.case_record');
  await db.end();
  if (rows[0].n > 0) {
    console.log(`demo data already present (${rows[0].n} identification cases): nothing seeded`);
    return;
  }
  const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'] } });
  await client.connect();
  // The seeder acts in the gateway's trust domain: it signs with the gateway's private key.
  const key = principalSigningKeyFromEnv();
  const send = <T>(op: Parameters<typeof caseSubject>[1], actor: Actor, payload: unknown) => {
    const correlationId = randomUUID();
    const principal = signPrincipal(actor, key, 30, { correlationId, payload });
    return firstValueFrom(
      client.send<T>(caseSubject('identification', op), { principal, correlationId, timestamp: new Date().toISOString(), payload }).pipe(timeout(15_000)),
    );
  };

  const county: Actor = { userId: 'seed-county-poverty', displayName: '县扶贫办（演示）', roles: ['county_officer'], department: 'poverty_office' };
  let seed = 700_000;
  let declared = 0;
  for (const [t, township] of BENXI_COUNTY.townships.entries()) {
    const village = township.villages[0];
    const declarer: Actor = { userId: `seed-village-${village.code}`, displayName: `${village.name}村两委（演示）`, roles: ['village_officer'], townshipCode: township.code, villageCode: village.code };
    const villageReviewer: Actor = { ...declarer, userId: `seed-village2-${village.code}`, displayName: `${village.name}驻村工作队（演示）` };
    const reviewer: Actor = { userId: `seed-township-${township.code}`, displayName: `${township.name}审核员（演示）`, roles: ['township_reviewer'], townshipCode: township.code };
    for (let h = 0; h < 2; h++) {
      const head = `${SURNAMES[(t + h) % SURNAMES.length]}${GIVEN[(t * 2 + h) % GIVEN.length]}`;
      const created = await send<{ id: string; version: number }>('declare', declarer, {
        townshipCode: township.code,
        villageCode: village.code,
        data: {
          householdHead: { name: head, idNumber: syntheticIdNumber(seed++) },
          members: [{ name: `${head.slice(0, 1)}小${GIVEN[(t + h + 3) % GIVEN.length].slice(1)}`, idNumber: syntheticIdNumber(seed++), relation: '子女' }],
          perCapitaNetIncomeYuan: 2200 + ((t * 97 + h * 311) % 900),
          povertyCause: CAUSES[(t + h) % CAUSES.length],
          attribute: h === 0 ? 'general' : 'minimumLiving',
          assessment: { food: true, clothing: true, medical: h === 0, education: true, housing: t % 3 !== 0 },
          ...(t % 3 === 0 ? { housingGrade: t % 2 === 0 ? 'C' : 'D' } : {}),
        },
      });
      declared++;
      // Spread the demo over the stages: some wait at the village, some at the township, some go to 公示.
      const depth = (t + h) % 4;
      let version = created.version;
      const act = async (actor: Actor, action: string) => {
        version = (await send<{ version: number }>('act', actor, { caseId: created.id, action, expectedVersion: version })).version;
      };
      if (depth >= 1) await act(declarer, 'submit');
      if (depth >= 2) await act(villageReviewer, 'approve');
      if (depth >= 3) {
        await act(reviewer, 'approve');
        await act(county, 'approve');
      }
    }
  }
  await client.close();
  console.log(`seeded ${declared} identification cases across ${BENXI_COUNTY.townships.length} townships`);
}

main().catch((error) => {
  console.error('seeding failed:', error?.message ?? error);
  process.exit(1);
});
