import ExcelJS from 'exceljs';
import { query } from '@poverty/testing';
import { Api } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import { waitUntil } from '../services/household-helpers';
import { SHEET_HEADER } from './household-sheet';
import { importSheet, sheetCsv, sheetRows } from './import-support';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);

const householdsOf = async (prefix: string) =>
  Number(
    (
      await query(
        stack.databaseUrl,
        `select count(*)::int as n from identification.household where registry_no like $1`,
        [`${prefix}-%`],
      )
    )[0].n,
  );

describe('importing households from a 建档立卡 sheet', () => {
  it('imports every household of a valid CSV into the roster and tells the other services', async () => {
    const response = await importSheet(
      api,
      sheetCsv({ rows: 40, idBase: 7_100_000, registryPrefix: 'IMPA' }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'imported',
      errorCount: 0,
      errors: [],
      rowsRead: 40,
      percent: 100,
    });
    const households = response.body.households;
    expect(households).toBeGreaterThan(5);
    expect(response.body.people).toBe(40);
    expect(await householdsOf('IMPA')).toBe(households);
    const [one] = await query(
      stack.databaseUrl,
      `select id from identification.household where registry_no like 'IMPA-%' limit 1`,
    );
    await waitUntil(
      async () =>
        (
          await query(
            stack.databaseUrl,
            `select 1 from housing.roster_household where id = $1`,
            [one.id],
          )
        ).length === 1,
      'the housing read model to learn of the imported household',
    );
  });

  it('imports an XLSX sheet the same way', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('建档立卡');
    sheet.addRow(SHEET_HEADER);
    sheetRows({ rows: 12, idBase: 7_200_000, registryPrefix: 'IMPX' }).forEach(
      (row) => sheet.addRow(row),
    );
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await importSheet(
      api,
      body,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.body).toMatchObject({
      status: 'imported',
      format: 'xlsx',
      people: 12,
      errorCount: 0,
    });
    expect(await householdsOf('IMPX')).toBe(response.body.households);
  });

  it('imports nothing from a file with bad rows, and names every bad row and field', async () => {
    // A person already in the roster (from the first import) and three spoiled rows spread through the file.
    const [known] = await query(
      stack.databaseUrl,
      `select m.id_number from identification.household_member m join identification.household h on h.id = m.household_id where h.registry_no like 'IMPA-%' limit 1`,
    );
    const duplicate = [
      'IMPB-9999999',
      '小市镇',
      '上堡村',
      '重复人',
      known.id_number,
      '户主',
      '一般贫困户',
      '因病',
      '2800',
      '未脱贫',
      '2016',
      '',
      '',
    ];
    const body = sheetCsv(
      { rows: 60, idBase: 7_300_000, registryPrefix: 'IMPB', bad: 3 },
      [duplicate],
    );
    const response = await importSheet(api, body);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('rejected');
    // The generator spoils person rows 20, 40 and 60 (file lines 21, 41, 61); line 62 is the duplicate.
    const found = response.body.errors.map((e: any) => `${e.line} ${e.field}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '21 与户主关系',
        '41 行政村',
        '61 身份证号',
        '62 身份证号',
      ]),
    );
    expect(new Set(response.body.errors.map((e: any) => e.line))).toEqual(
      new Set([21, 41, 61, 62]),
    );
    expect(response.body.errorCount).toBe(response.body.errors.length);
    expect(
      response.body.errors.find((e: any) => e.line === 62).message,
    ).toContain('already in the roster');
    expect(JSON.stringify(response.body)).not.toContain(known.id_number);
    expect(await householdsOf('IMPB')).toBe(0);
    expect(
      Number(
        (
          await query(
            stack.databaseUrl,
            `select count(*)::int as n from identification.household_import_row`,
          )
        )[0].n,
      ),
    ).toBe(0);
  });

  it('shows the progress of an import started without waiting, until it has finished', async () => {
    const started = await api
      .http()
      .post('/api/v1/imports/households')
      .set('authorization', `Bearer ${await api.token('county.poverty')}`)
      .set('content-type', 'text/csv')
      .send(
        sheetCsv({ rows: 3_000, idBase: 7_400_000, registryPrefix: 'IMPC' }),
      );
    expect(started.status).toBe(202);
    expect(started.headers['location']).toBe(
      `/api/v1/imports/households/${started.body.id}`,
    );
    let view: any;
    await waitUntil(
      async () => {
        view = (
          await api.get(
            'county.poverty',
            `/imports/households/${started.body.id}`,
          )
        ).body;
        expect(view.percent).toBeGreaterThanOrEqual(0);
        return view.status !== 'running';
      },
      'the import to finish',
      60_000,
    );
    expect(view).toMatchObject({
      status: 'imported',
      rowsRead: 3_000,
      people: 3_000,
      percent: 100,
    });
  });

  it('lets only the county poverty office import', async () => {
    const body = sheetCsv({
      rows: 2,
      idBase: 7_500_000,
      registryPrefix: 'IMPD',
    });
    expect(
      (await importSheet(api, body, 'text/csv', 'county.housing')).status,
    ).toBe(403);
    expect(
      (await importSheet(api, body, 'text/csv', 'township.xiaoshi')).status,
    ).toBe(403);
    expect(await householdsOf('IMPD')).toBe(0);
  });
});
