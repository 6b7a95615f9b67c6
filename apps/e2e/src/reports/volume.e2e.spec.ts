import { SERVICES } from '@poverty/contracts';
import { POLICIES } from '@poverty/policy';
import { query } from '@poverty/testing';
import { Client, identificationData, waitUntil } from '../gateway/gateway-support';
import { sharedStack } from '../support/shared-stack';

const stack = sharedStack();
const client = new Client(stack.gatewayUrl);

/** A place of its own (草河口镇 口前村), so these hundreds of cases crowd no other suite's inbox. */
const PLACE = { townshipCode: '210521103000', villageCode: '210521103201' };
const DECLARER = 'volume.village';
const VILLAGE_REVIEWER = 'volume.village.2';
const TOWNSHIP_REVIEWER = 'volume.township';
const WAITING_AT_VILLAGE = 520;
/** The schema each service owns. */
const SCHEMAS: Record<string, string> = { identification: 'identification', housing: 'housing', medical: 'medical', education: 'education', 'exit-verification': 'exit_verification' };
const nonZero = (stages: Record<string, number>) => Object.entries(stages).filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b));

async function declareSubmitted(): Promise<string> {
  const declared = await client.post(DECLARER, '/identification/cases', { ...PLACE, data: identificationData() });
  if (declared.status !== 201) throw new Error(`declare → ${declared.status} ${JSON.stringify(declared.body)}`);
  await client.actOk(DECLARER, 'identification', declared.body.id, 'submit');
  return declared.body.id;
}

/** Runs `work` n times, `inFlight` at once. */
async function times<T>(n: number, inFlight: number, work: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < n) {
      next++;
      results.push(await work());
    }
  }));
  return results;
}

describe('the inbox behind hundreds of older cases', () => {
  let waiting: string[];
  let actionable: string;

  beforeAll(async () => {
    await client.ensureAccount({ username: DECLARER, roles: ['village_officer'], ...PLACE });
    await client.ensureAccount({ username: VILLAGE_REVIEWER, roles: ['village_officer'], ...PLACE });
    await client.ensureAccount({ username: TOWNSHIP_REVIEWER, roles: ['township_reviewer'], townshipCode: PLACE.townshipCode });
    // More than the 500 rows the inbox used to read before judging any: all older than the one
    // case the county may act on, and none of them the county's to act on.
    waiting = await times(WAITING_AT_VILLAGE, 8, declareSubmitted);
    actionable = await declareSubmitted();
    await client.actOk(VILLAGE_REVIEWER, 'identification', actionable, 'approve');
    await client.actOk(TOWNSHIP_REVIEWER, 'identification', actionable, 'approve');
  });

  afterAll(async () => {
    // Leave the county's inbox as it was for the suites that follow.
    await client.actOk('county.poverty', 'identification', actionable, 'reject', { comment: '测试结束' });
  });

  it('shows the county the case it may act on, behind more than 500 older ones it may not', async () => {
    const inbox = await client.inbox('county.poverty');

    const ids = inbox.body.items.map((i: { caseId: string }) => i.caseId);
    expect(ids).toContain(actionable);
    expect(ids.filter((id: string) => waiting.includes(id))).toEqual([]);
  });

  it('gives the village reviewer every waiting case once, oldest first, page by page', async () => {
    const first = await client.get(VILLAGE_REVIEWER, '/inbox?limit=200');
    const inbox = await client.inbox(VILLAGE_REVIEWER);

    const items = inbox.body.items as Array<{ caseId: string; waitingSince: string }>;
    expect(first.body.items).toHaveLength(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(items.map((i) => i.caseId).sort()).toEqual([...waiting].sort());
    const order = items.map((i) => `${i.waitingSince}|${i.caseId}`);
    expect(order).toEqual([...order].sort());
  });

  it('filters the inbox by service, stage and township before paging it', async () => {
    const housing = await client.get(VILLAGE_REVIEWER, '/inbox?service=housing');
    const inReview = await client.get(VILLAGE_REVIEWER, `/inbox?service=identification&stage=review&township=${PLACE.townshipCode}&limit=200`);
    const elsewhere = await client.get(VILLAGE_REVIEWER, '/inbox?township=210521100000');

    expect(housing.body).toMatchObject({ items: [], nextCursor: null });
    expect(inReview.body.items).toHaveLength(200);
    expect(inReview.body.items.every((i: { service: string; stage: string }) => i.service === 'identification' && i.stage === 'review')).toBe(true);
    expect(elsewhere.body).toMatchObject({ items: [], nextCursor: null });
  });

  it('answers a cursor it never gave with a 400 naming the field', async () => {
    const response = await client.get(VILLAGE_REVIEWER, '/inbox?cursor=bm90LWEtY3Vyc29y');

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', field: 'cursor' });
  });

  it('pages the case list newest first by cursor, each case once, with a capped total', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = (await client.get(TOWNSHIP_REVIEWER, `/identification/cases?pageSize=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page).toMatchObject({ total: WAITING_AT_VILLAGE + 1, totalCapped: false });
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...waiting, actionable].sort());
    expect(seen[0]).toBe(actionable);
  });
});

describe('the dashboard read model', () => {
  /** What a full recount of one service's case rows gives, per township and stage, for 2019. */
  async function recount(schema: string) {
    const policyIds = POLICIES.filter((p) => p.year === 2019).map((p) => p.id);
    const rows = await query(
      stack.databaseUrl,
      `select township_code, stage, count(*)::int as cases, coalesce(sum(paid_fen) filter (where stage = 'closed'), 0)::bigint as paid,
         count(*) filter (where due_at < now())::int as overdue
       from "${schema}".case_record where policy_id = any($1) group by 1, 2`,
      [policyIds],
    );
    return rows;
  }

  it('gives the same counts and amounts as a full recount of every service’s cases', async () => {
    let mismatch = '';
    // Timers and consumers move cases in the background: the two must agree once they are quiet.
    await waitUntil(async () => {
      const progress = (await client.get('county.poverty', '/stats/progress?year=2019')).body;
      mismatch = '';
      for (const service of SERVICES) {
        const expected = new Map<string, { stages: Record<string, number>; paidFen: number; overdue: number }>();
        for (const r of await recount(SCHEMAS[service])) {
          const entry = expected.get(r.township_code) ?? { stages: {}, paidFen: 0, overdue: 0 };
          entry.stages[r.stage] = r.cases;
          entry.paidFen += Number(r.paid);
          entry.overdue += r.overdue;
          expected.set(r.township_code, entry);
        }
        for (const township of progress.townships) {
          const got = township.services[service];
          const want = expected.get(township.townshipCode) ?? { stages: {}, paidFen: 0, overdue: 0 };
          const same = JSON.stringify(nonZero(got.stages)) === JSON.stringify(nonZero(want.stages));
          if (!same || got.paidFen !== want.paidFen || got.overdue !== want.overdue) {
            mismatch = `${service} ${township.townshipCode}: ${JSON.stringify({ got, want })}`;
            return false;
          }
        }
      }
      return true;
    }, 'the dashboard to agree with a recount', 30_000).catch((error) => {
      throw new Error(`${(error as Error).message}; last difference: ${mismatch}`);
    });
    const progress = (await client.get('county.poverty', '/stats/progress?year=2019')).body;
    expect(progress.unavailable).toEqual([]);
    expect(progress.totals.services.identification.stages.review).toBeGreaterThanOrEqual(WAITING_AT_VILLAGE);
  });
});
