import ExcelJS from 'exceljs';
import { SERVICES } from '@poverty/contracts';
import { query } from '@poverty/testing';
import { nextIdNumber } from '../support/api';
import { backdateWaiting, recountTallies } from '../support/backdating';
import { sharedStack } from '../support/shared-stack';
import { Client, startGateway, waitUntil } from '../gateway/gateway-support';

/**
 * 一月一调度 reconciled with the case records: a township of its own (南甸镇, which no other suite
 * uses, so nothing moves while the test recomputes), a few cases in every state that counts, and
 * every figure of the report recomputed from the services' tables and the cases' own views.
 */
const stack = sharedStack();
const TOWNSHIP = '210521108000';
const VILLAGE = '210521108201';
const V1 = 'gw.village.nandian';
const V2 = 'gw.village.nandian.2';
const T = 'gw.township.nandian';
const SCHEMAS: Record<string, string> = { identification: 'identification', housing: 'housing', medical: 'medical', education: 'education', 'exit-verification': 'exit_verification' };
const OPEN = ['application', 'review', 'publicNotice', 'acceptance'];
let gateway: Awaited<ReturnType<typeof startGateway>>;
let client: Client;

beforeAll(async () => {
  gateway = await startGateway();
  client = new Client(gateway.url);
  for (const username of [V1, V2]) await client.ensureAccount({ username, roles: ['village_officer'], townshipCode: TOWNSHIP, villageCode: VILLAGE });
  await client.ensureAccount({ username: T, roles: ['township_reviewer'], townshipCode: TOWNSHIP });
}, 120_000);

afterAll(async () => {
  await gateway?.kill('SIGTERM');
});

const declare = async (service: string, data: unknown) => {
  const r = await client.post(V1, `/${service}/cases`, { townshipCode: TOWNSHIP, villageCode: VILLAGE, data });
  if (r.status !== 201) throw new Error(`declare ${service} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
};
const steps = async (service: string, id: string, list: Array<[string, string, Record<string, unknown>?]>) => {
  let last: any;
  for (const [user, action, extra] of list) last = await client.actOk(user, service, id, action, { comment: '调度测试', ...extra });
  return last;
};
const stageOf = async (service: string, id: string) => (await client.get('auditor', `/${service}/cases/${id}`)).body.stage as string;
const waitStage = (service: string, id: string, stage: string) => waitUntil(async () => (await stageOf(service, id)) === stage, `${service} ${id} → ${stage}`);
const acceptAll = async (service: string, id: string, user: string) => {
  const view = (await client.get(user, `/${service}/cases/${id}`)).body;
  for (const { check } of view.acceptance.required) await client.actOk(user, service, id, 'recordAcceptance', { data: { check, evidence: '调度测试验收' } });
  return client.actOk(user, service, id, 'accept');
};

async function registeredHousehold() {
  const head = { name: '孙大成', idNumber: nextIdNumber() };
  const id = await declare('identification', {
    householdHead: head, members: [], perCapitaNetIncomeYuan: 2500, povertyCause: 'illness', attribute: 'general',
    assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
  });
  await steps('identification', id, [[V1, 'submit'], [V2, 'approve'], [T, 'approve'], ['county.poverty', 'approve']]);
  await waitStage('identification', id, 'acceptance');
  const closed = await acceptAll('identification', id, 'county.poverty.2');
  const householdId = closed.householdId as string;
  for (const schema of ['housing', 'medical']) {
    await waitUntil(async () => (await query(stack.databaseUrl, `select 1 from ${schema}.roster_household where id = $1`, [householdId])).length === 1, `${schema} roster`);
  }
  return { householdId, head };
}

describe('the monthly dispatch (一月一调度)', () => {
  it('reports a township\'s month, every figure reconciling with the case records, as JSON, XLSX and PDF', async () => {
    const a = await registeredHousehold();
    const b = await registeredHousehold();
    // Paid: a renovation struck off, dated into June 2019.
    const paid = await declare('housing', { householdId: a.householdId, appraisalGrade: 'D', appraisalReport: '南住鉴〔2019〕1号', method: 'rebuild' });
    await steps('housing', paid, [[V1, 'submit'], [V2, 'approve'], [T, 'approve'], ['county.housing', 'approve']]);
    await waitStage('housing', paid, 'acceptance');
    await acceptAll('housing', paid, 'county.housing');
    await query(stack.databaseUrl, `update housing.case_record set updated_at = '2019-06-15T08:00:00Z' where id = $1`, [paid]);
    await recountTallies(stack.databaseUrl, 'housing');
    // Committed: a relief approved by the county, now in 验收.
    const committed = await declare('medical', { kind: 'relief', householdId: b.householdId, patient: b.head, settledOn: '2019-06-01', selfPaidFen: 1_500_000 });
    await steps('medical', committed, [[V1, 'submit'], [T, 'approve'], ['county.medical', 'approve']]);
    await waitStage('medical', committed, 'acceptance');
    // Open and overdue: a renovation waiting at the township for 40 days.
    const late = await declare('housing', { householdId: b.householdId, appraisalGrade: 'C', appraisalReport: '南住鉴〔2019〕2号', method: 'repair' });
    await steps('housing', late, [[V1, 'submit'], [V2, 'approve']]);
    await backdateWaiting(stack.databaseUrl, 'housing', late, new Date(Date.now() - 40 * 86_400_000));
    // A draft, and a household that left poverty in June 2019 with a flag raised then.
    await declare('identification', { householdHead: { name: '周小草', idNumber: nextIdNumber() }, members: [], perCapitaNetIncomeYuan: 2000, povertyCause: 'disability', attribute: 'general', assessment: { food: true, clothing: true, medical: true, education: true, housing: false } });
    await query(stack.databaseUrl, `update identification.household set status = 'exited' where id = $1`, [a.householdId]);
    await query(stack.databaseUrl, `insert into identification.household_status_change (id, household_id, from_status, to_status, cause, case_id, at) values (gen_random_uuid(), $1, 'notExited', 'exited', 'exit', gen_random_uuid(), '2019-06-20T00:00:00Z')`, [a.householdId]);
    await query(
      stack.databaseUrl,
      `with f as (insert into identification.risk_flag (id, household_id, township_code, village_code, rule, label, reason, figures, policy_id, source_service, source_case_id, message_id, status, raised_at)
         values (gen_random_uuid(), $1, $2, $3, 'dangerousHouse', '因房', 'D 级危房', '{"grade":"D"}', 'benxi-210521-2019', 'housing', null, 'test', 'open', '2019-06-10T00:00:00Z') returning id)
       insert into identification.follow_up_task (id, flag_id, household_id, township_code, village_code, due_at, status, created_at) select gen_random_uuid(), f.id, $1, $2, $3, '2019-06-25T00:00:00Z', 'open', '2019-06-10T00:00:00Z' from f`,
      [a.householdId, TOWNSHIP, VILLAGE],
    );

    const response = await client.get('county.poverty', `/reports/monthly?year=2019&month=6&township=${TOWNSHIP}`);
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report.unavailable).toEqual([]);
    expect(report.townships).toHaveLength(1);
    const t = report.townships[0];

    // Recomputed from each service's case table, and the money from each case's own amounts.
    let committedFen = 0;
    let paidFen = 0;
    let overdue = 0;
    for (const service of SERVICES) {
      const rows = await query(stack.databaseUrl, `select id, stage from ${SCHEMAS[service]}.case_record where township_code = $1 and policy_id = 'benxi-210521-2019'`, [TOWNSHIP]);
      for (const stage of OPEN) expect({ service, stage, n: t.services[service].open[stage] }).toEqual({ service, stage, n: rows.filter((r) => r.stage === stage).length });
      for (const row of rows) {
        const view = (await client.get('auditor', `/${service}/cases/${row.id}`)).body;
        const fen = view.amounts.reduce((sum: number, x: { amountFen: number }) => sum + x.amountFen, 0);
        if (row.stage === 'closed') paidFen += fen;
        if (row.stage === 'publicNotice' || row.stage === 'acceptance') committedFen += fen;
        if (view.dueAt && new Date(view.dueAt).getTime() < Date.now()) overdue += 1;
      }
      const [{ n }] = await query(stack.databaseUrl, `select count(*)::int as n from ${SCHEMAS[service]}.case_record where township_code = $1 and stage = 'closed' and updated_at >= '2019-06-01' and updated_at < '2019-07-01'`, [TOWNSHIP]);
      expect({ service, closedInMonth: t.services[service].closedInMonth }).toEqual({ service, closedInMonth: n });
    }
    expect(t.money).toMatchObject({ committedFen, paidFen, paidInMonthFen: 4_500_000 });
    expect(committedFen).toBeGreaterThan(0);
    expect(paidFen).toBe(4_500_000);
    expect(t.overdue.cases).toBe(overdue);
    expect(overdue).toBe(1);
    expect(t.openCases).toBe(SERVICES.reduce((n, s) => n + OPEN.reduce((m, stage) => m + t.services[s].open[stage], 0), 0));
    expect(t.exits).toMatchObject({ monthHouseholds: 1, monthPeople: 1 });
    expect(t.flags).toEqual({ raised: 1, closed: 0, open: 1 });
    expect(t.overdue.tasks).toBe(1);
    expect(report.exitTarget).toEqual({ households: 96, people: 205 });

    // The XLSX carries the same figures; the PDF is a PDF.
    const xlsx = await client.http().get(`/api/v1/reports/monthly/export?year=2019&month=6&township=${TOWNSHIP}&format=xlsx`).set('authorization', `Bearer ${await client.token('county.poverty')}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).values).toEqual([undefined, '南甸镇', 1, 1, t.exits.yearHouseholds, t.exits.yearPeople, t.openCases, 1, 1, 1, 0, 1, committedFen / 100, paidFen / 100, 45_000]);
    const pdf = await client.http().get(`/api/v1/reports/monthly/export?year=2019&month=6&township=${TOWNSHIP}&format=pdf`).set('authorization', `Bearer ${await client.token('county.poverty')}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    // The township sees its own report and no other's; a village officer none.
    expect((await client.get(T, `/reports/monthly?year=2019&month=6&township=${TOWNSHIP}`)).body.townships[0].money.paidFen).toBe(paidFen);
    expect((await client.get(T, `/reports/monthly?year=2019&month=6&township=210521100000`)).status).toBe(404);
    expect((await client.get(V1, `/reports/monthly?year=2019&month=6`)).status).toBe(403);
  }, 300_000);
});
