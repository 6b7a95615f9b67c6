import { randomUUID } from 'node:crypto';
import { query } from '@poverty/testing';
import { Api, XIAOSHI } from '../support/api';
import { sharedStack } from '../support/shared-stack';
import {
  declareOk,
  exitSurvey,
  registerHousehold,
  run,
} from '../services/household-helpers';
import { importSheet, sheetCsv } from '../reports/import-support';

const stack = sharedStack();
const api = new Api(stack.gatewayUrl);
const CAOHEZHANG = '210521101000';
const ID_NUMBER = /\d{17}[\dXx]/;

/** The response, after checking its status (with the body in the failure message). */
function expectStatus<T extends { status: number; body: any }>(
  response: T,
  status: number,
): T {
  expect({
    status: response.status,
    body: response.status === status ? undefined : response.body,
  }).toEqual({ status, body: undefined });
  return response;
}

function engagement(overrides: Record<string, unknown> = {}) {
  return {
    name: '2019年脱贫退出第三方评估',
    organisation: '辽宁某大学评估中心',
    evaluators: ['evaluator'],
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    townshipCodes: [XIAOSHI],
    year: 2019,
    sampleRateBp: 10_000,
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  const response = await api.post(
    'county.poverty',
    '/evaluation/engagements',
    engagement(overrides),
  );
  if (response.status !== 201)
    throw new Error(
      `create engagement → ${response.status} ${JSON.stringify(response.body)}`,
    );
  return response.body.id as string;
}

let sampledHousehold: string;
let outsideHousehold: string;

beforeAll(async () => {
  // Exited households of 2019 in two townships, imported; and one household with its real cases.
  const imported = await importSheet(
    api,
    sheetCsv({
      rows: 80,
      idBase: 7_600_000,
      registryPrefix: 'EVAL',
      exitedBp: 10_000,
      townships: [XIAOSHI, CAOHEZHANG],
    }),
  );
  expect(imported.body).toMatchObject({ status: 'imported' });
  const household = await registerHousehold(api, stack.databaseUrl);
  const exit = await declareOk(api, 'exit-verification', {
    householdId: household.householdId,
    year: 2019,
    survey: exitSurvey(),
  });
  await run(api, 'exit-verification', exit.id, [['village.xiaoshi', 'submit']]);
  // Arrange: the county recorded this household's exit for 2019 (the exit chain itself is tested elsewhere).
  await query(
    stack.databaseUrl,
    `update identification.household set status = 'exited', exit_year = 2019 where id = $1`,
    [household.householdId],
  );
  sampledHousehold = household.householdId;
  [{ id: outsideHousehold }] = await query(
    stack.databaseUrl,
    `select id from identification.household where registry_no like 'EVAL-%' and township_code = $1 limit 1`,
    [CAOHEZHANG],
  );
}, 300_000);

describe('third-party evaluation', () => {
  it('draws the same sample from the same seed, records the seed and freezes the sample', async () => {
    const [a, b] = [
      await create({
        townshipCodes: [XIAOSHI, CAOHEZHANG],
        sampleRateBp: 3_000,
      }),
      await create({
        townshipCodes: [XIAOSHI, CAOHEZHANG],
        sampleRateBp: 3_000,
      }),
    ];
    const first = await api.post(
      'county.poverty',
      `/evaluation/engagements/${a}/sample`,
      { seed: 'benxi-2019-pinggu' },
    );
    const second = await api.post(
      'county.poverty',
      `/evaluation/engagements/${b}/sample`,
      { seed: 'benxi-2019-pinggu' },
    );
    expect(first.status).toBe(201);
    expect(first.body.seed).toBe('benxi-2019-pinggu');
    expect(first.body.households.length).toBeGreaterThan(1);
    expect(second.body.households).toEqual(first.body.households);
    expect(first.body.strata.map((s: any) => s.townshipCode).sort()).toEqual(
      [XIAOSHI, CAOHEZHANG].sort(),
    );
    const again = await api.post(
      'county.poverty',
      `/evaluation/engagements/${a}/sample`,
      { seed: 'another' },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EVALUATION.SAMPLE_FROZEN');
    expect(
      (await api.get('evaluator', `/evaluation/engagements/${a}/sample`)).body
        .households,
    ).toEqual(first.body.households);
  });

  it('shows an evaluator the masked verification record of a sampled household, and logs the read for auditors', async () => {
    const id = await create();
    expectStatus(
      await api.post('county.poverty', `/evaluation/engagements/${id}/sample`, {
        seed: 's1',
      }),
      201,
    );
    const record = await api.get(
      'evaluator',
      `/evaluation/engagements/${id}/households/${sampledHousehold}`,
    );
    expect(record.status).toBe(200);
    expect(record.body.household).toMatchObject({
      id: sampledHousehold,
      status: 'exited',
    });
    const services = record.body.cases.map((c: any) => c.service).sort();
    expect(services).toEqual(['exit-verification', 'identification']);
    const exit = record.body.exitCases[0];
    expect(exit.data.checklist).toBeDefined();
    expect(exit.history.map((h: any) => h.action)).toEqual([
      'declare',
      'submit',
    ]);
    const identification = record.body.cases.find(
      (c: any) => c.service === 'identification',
    );
    expect(identification.history.map((h: any) => h.action)).toContain(
      'accept',
    );
    expect(identification.data.perCapitaNetIncomeYuan).toBe('***');
    expect(JSON.stringify(record.body)).not.toMatch(ID_NUMBER);

    const log = await api.get('auditor', `/evaluation/engagements/${id}/reads`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          what: 'record',
          householdId: sampledHousehold,
          at: expect.any(String),
          actorId: expect.any(String),
        }),
      ]),
    );
    expect(
      (await api.get('evaluator', `/evaluation/engagements/${id}/reads`))
        .status,
    ).toBe(403);
  });

  it('does not let an evaluator read a household outside the sample, and logs no read of it', async () => {
    const id = await create();
    expectStatus(
      await api.post(
        'county.poverty',
        `/evaluation/engagements/${id}/sample`,
        {},
      ),
      201,
    );
    const outside = await api.get(
      'evaluator',
      `/evaluation/engagements/${id}/households/${outsideHousehold}`,
    );
    expect(outside.status).toBe(404);
    expect(
      (await api.get('evaluator', `/households/${outsideHousehold}`)).status,
    ).toBe(403);
    const log = (
      await api.get('auditor', `/evaluation/engagements/${id}/reads`)
    ).body.items;
    expect(log.filter((r: any) => r.householdId === outsideHousehold)).toEqual(
      [],
    );
  });

  it("ends an evaluator's access with the window", async () => {
    const id = await create({
      endsAt: new Date(Date.now() + 4_000).toISOString(),
    });
    expectStatus(
      await api.post('county.poverty', `/evaluation/engagements/${id}/sample`, {
        seed: 'w',
      }),
      201,
    );
    expect(
      (
        await api.get(
          'evaluator',
          `/evaluation/engagements/${id}/households/${sampledHousehold}`,
        )
      ).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 4_500));
    for (const path of [
      '',
      '/sample',
      `/households/${sampledHousehold}`,
      '/findings',
      '/rates',
    ]) {
      const response = await api.get(
        'evaluator',
        `/evaluation/engagements/${id}${path}`,
      );
      expect([path, response.status, response.body.code]).toEqual([
        path,
        403,
        'EVALUATION.OUTSIDE_WINDOW',
      ]);
    }
    const finding = await api.post(
      'evaluator',
      `/evaluation/engagements/${id}/findings`,
      {
        kind: 'sampled',
        householdId: sampledHousehold,
        exitVerdict: 'correct',
      },
    );
    expect(finding.status).toBe(403);
    // The county and the auditors keep their view of the engagement.
    expect(
      (await api.get('auditor', `/evaluation/engagements/${id}/reads`)).body
        .items,
    ).toHaveLength(1);
  });

  it('computes 三率一度 from the findings against the thresholds and exports the report', async () => {
    const id = await create({
      townshipCodes: [XIAOSHI, CAOHEZHANG],
      sampleRateBp: 10_000,
    });
    const sample = expectStatus(
      await api.post('county.poverty', `/evaluation/engagements/${id}/sample`, {
        seed: 'rates',
      }),
      201,
    ).body.households;
    const five = sample.slice(0, 5);
    for (const [i, h] of five.entries()) {
      const response = await api.post(
        'evaluator',
        `/evaluation/engagements/${id}/findings`,
        {
          kind: 'sampled',
          householdId: h.householdId,
          exitVerdict: i === 0 ? 'wronglyExited' : 'correct',
          satisfied: true,
        },
      );
      expect(response.status).toBe(200);
    }
    for (const [i, label] of [
      '上堡村-01',
      '上堡村-02',
      '掌东村-01',
      '掌东村-02',
    ].entries()) {
      expectStatus(
        await api.post('evaluator', `/evaluation/engagements/${id}/findings`, {
          kind: 'nonRegistered',
          label,
          missed: false,
          satisfied: i !== 3,
        }),
        200,
      );
    }
    // Revising a finding replaces it.
    expectStatus(
      await api.post('evaluator', `/evaluation/engagements/${id}/findings`, {
        kind: 'nonRegistered',
        label: '掌东村-02',
        missed: false,
        satisfied: false,
        notes: '复核',
      }),
      200,
    );
    expect(
      (
        await api.post('evaluator', `/evaluation/engagements/${id}/findings`, {
          kind: 'sampled',
          householdId: randomUUID(), // no such household in any sample
          exitVerdict: 'correct',
        })
      ).status,
    ).toBe(404);

    const rates = (
      await api.get('county.poverty', `/evaluation/engagements/${id}/rates`)
    ).body;
    expect(rates.counts).toEqual({
      sampledExited: 5,
      wronglyExited: 1,
      surveyedNonRegistered: 4,
      missedFound: 0,
      surveyed: 9,
      satisfied: 8,
    });
    expect(rates.wrongExitRate).toEqual({
      rateBp: 2000,
      thresholdBp: 200,
      pass: false,
    });
    expect(rates.missedRate).toEqual({
      rateBp: 0,
      thresholdBp: 200,
      pass: true,
    });
    expect(rates.satisfaction).toEqual({
      rateBp: 8889,
      thresholdBp: 9000,
      pass: false,
    });
    expect(rates.allPass).toBe(false);
    expect(rates.pending).toBe(sample.length - 5);

    const csv = await api
      .http()
      .get(`/api/v1/evaluation/engagements/${id}/report?format=csv`)
      .set('authorization', `Bearer ${await api.token('auditor')}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('错退率,1,5,20.00%,≤ 2.00%,不达标');
    expect(csv.body).toContain('群众认可度,8,9,88.89%,≥ 90.00%,不达标');
    const xlsx = await api.get(
      'county.poverty',
      `/evaluation/engagements/${id}/report?format=xlsx`,
    );
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('lets only the poverty office create engagements, and only for evaluator accounts', async () => {
    expect(
      (
        await api.post(
          'county.housing',
          '/evaluation/engagements',
          engagement(),
        )
      ).status,
    ).toBe(403);
    expect(
      (await api.post('evaluator', '/evaluation/engagements', engagement()))
        .status,
    ).toBe(403);
    const notEvaluator = await api.post(
      'county.poverty',
      '/evaluation/engagements',
      engagement({ evaluators: ['auditor'] }),
    );
    expect(notEvaluator.status).toBe(400);
    expect(notEvaluator.body.field).toBe('evaluators.0');
  });
});
