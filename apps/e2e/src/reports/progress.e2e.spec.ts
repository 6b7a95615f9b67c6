import ExcelJS from 'exceljs';
import { query } from '@poverty/testing';
import { Api, XIAOSHI, identificationCase } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { importSheet, sheetCsv } from './import-support';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

async function binary(user: string, path: string) {
  return api
    .http()
    .get(`/api/v1${path}`)
    .set('authorization', `Bearer ${await api.token(user)}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

describe('county progress and the monthly dispatch report', () => {
  let before: any;

  beforeAll(async () => {
    before = (await api.get('county.poverty', '/stats/progress?year=2019'))
      .body;
  });

  it('counts cases per township × service × stage and exits against the 96 households / 205 people target', async () => {
    await identificationCase(api, 'review');
    const imported = await importSheet(
      api,
      sheetCsv({
        rows: 20,
        idBase: 7_700_000,
        registryPrefix: 'PROG',
        exitedBp: 10_000,
        townships: [XIAOSHI],
      }),
    );
    expect(imported.body.status).toBe('imported');
    const after = await api.get('auditor', '/stats/progress?year=2019');
    expect(after.status).toBe(200);
    const xiaoshi = (body: any) =>
      body.townships.find((t: any) => t.townshipCode === XIAOSHI);
    expect(xiaoshi(after.body).townshipName).toBe('小市镇');
    expect(xiaoshi(after.body).services.identification.stages.review).toBe(
      xiaoshi(before).services.identification.stages.review + 1,
    );
    expect(xiaoshi(after.body).exited.households).toBe(
      xiaoshi(before).exited.households + imported.body.households,
    );
    expect(xiaoshi(after.body).exited.people).toBe(
      xiaoshi(before).exited.people + 20,
    );
    expect(after.body.exitTarget).toMatchObject({
      households: 96,
      people: 205,
    });
    expect(after.body.exitTarget.householdsPct).toBeCloseTo(
      (after.body.totals.exited.households * 100) / 96,
      1,
    );
    expect(after.body.unavailable).toEqual([]);
    for (const service of [
      'identification',
      'housing',
      'medical',
      'education',
      'exit-verification',
    ]) {
      expect(after.body.totals.services[service]).toMatchObject({
        overdue: expect.any(Number),
        paidFen: expect.any(Number),
      });
    }
  });

  it('adds up what acceptance paid for closed cases', async () => {
    const closed = await query(
      stack.databaseUrl,
      `select count(*)::int as n from housing.case_record where stage = 'closed'`,
    );
    const body = (await api.get('county.poverty', '/stats/progress?year=2019'))
      .body;
    expect(body.totals.services.housing.paidCases).toBe(closed[0].n);
    expect(body.totals.services.housing.paidFen % 100).toBe(0);
  });

  it('exports the monthly dispatch report as XLSX and CSV, one row per township and a total', async () => {
    const xlsx = await binary(
      'county.poverty',
      '/reports/dispatch?year=2019&month=11&format=xlsx',
    );
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('2019年11月调度');
    expect(sheet.getRow(1).getCell(1).value).toBe('乡镇(街道)');
    expect(sheet.getRow(1).getCell(3).value).toBe('精准识别-审核');
    expect(sheet.rowCount).toBe(1 + 13 + 1);
    expect(sheet.getRow(15).getCell(1).value).toBe('合计');
    const csv = await binary(
      'auditor',
      '/reports/dispatch?year=2019&month=11&format=csv',
    );
    const text = csv.body.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('小市镇,');
    expect(text).toContain('脱贫目标(户),96');
    expect(
      (
        await api.get(
          'township.xiaoshi',
          '/reports/dispatch?year=2019&month=11',
        )
      ).status,
    ).toBe(403);
    expect(
      (await api.get('county.poverty', '/reports/dispatch?year=2019&month=13'))
        .body.field,
    ).toBe('month');
  });
});
