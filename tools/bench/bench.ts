/**
 * Drives N identification cases through every stage via the gateway, C at a time, and
 * measures the same machine's raw PostgreSQL ceiling for one transition (UPDATE + two
 * INSERTs in one transaction) at the same concurrency. Prints one JSON line.
 *
 *   npm run bench -- --cases 200 --concurrency 8
 *
 * It starts its own stack (database `poverty_bench`, the machine's NATS unless NATS_URL says
 * otherwise) with a 1-second notice period, so cases really pass through 公示.
 */
import { execFileSync } from 'node:child_process';
import { Pool } from 'pg';
import { syntheticIdNumber } from '@poverty/policy';
import { databaseUrl, startStack, waitFor } from '@poverty/testing';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const CASES = arg('cases', 200);
const CONCURRENCY = arg('concurrency', 8);

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  // Measure what a county runs: the webpack builds, not the TypeScript sources under ts-node
  // (ts-node turns on Node's domain module, which slows every event emitter).
  process.stderr.write(`building gateway and identification…\n`);
  execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway,identification', '--outputStyle=static'], { stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
  process.env['APP_RUNTIME'] = 'dist';
  process.stderr.write(`starting stack…\n`);
  const stack = await startStack({
    database: 'poverty_bench',
    services: { identification: 1 },
    env: { NOTICE_PERIOD: 'PT1S', TIMER_POLL_MS: '100', LOG_LEVEL: 'silent', DB_POOL_MAX: String(Math.max(10, CONCURRENCY + 2)) },
  });
  const base = `${stack.gatewayUrl}/api/v1`;
  try {
    const tokens: Record<string, string> = {};
    for (const user of ['village.xiaoshi', 'village.xiaoshi.2', 'township.xiaoshi', 'county.poverty', 'county.poverty.2']) {
      const response = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'Demo@2019' }) });
      tokens[user] = ((await response.json()) as { accessToken: string }).accessToken;
    }
    const call = async (user: string, path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[user]}` }, body: JSON.stringify(body) });
      const json = (await response.json()) as any;
      if (!response.ok) throw new Error(`${user} ${path} → ${response.status} ${json.code}`);
      return json;
    };
    const latencies: number[] = [];
    const act = async (user: string, id: string, version: number, action: string, data?: unknown) => {
      const started = performance.now();
      const result = await call(user, `/identification/cases/${id}/actions`, { action, expectedVersion: version, data });
      latencies.push(performance.now() - started);
      return result.version as number;
    };

    process.stderr.write(`declaring ${CASES} cases…\n`);
    const cases: Array<{ id: string; version: number }> = [];
    await pool(Array.from({ length: CASES }, (_, i) => i), CONCURRENCY, async (i) => {
      const declared = await call('village.xiaoshi', '/identification/cases', {
        townshipCode: '210521100000',
        villageCode: '210521100201',
        data: {
          householdHead: { name: `测试户${i}`, idNumber: syntheticIdNumber(900_000 + 2 * i) },
          members: [{ name: `测试成员${i}`, idNumber: syntheticIdNumber(900_001 + 2 * i), relation: '子女' }],
          perCapitaNetIncomeYuan: 2800,
          povertyCause: 'illness',
          attribute: 'general',
          assessment: { food: true, clothing: true, medical: false, education: true, housing: true },
        },
      });
      cases.push({ id: declared.id, version: declared.version });
    });

    process.stderr.write(`review: submit and three approvals per case…\n`);
    const reviewStarted = performance.now();
    await pool(cases, CONCURRENCY, async (c) => {
      c.version = await act('village.xiaoshi', c.id, c.version, 'submit');
      c.version = await act('village.xiaoshi.2', c.id, c.version, 'approve');
      c.version = await act('township.xiaoshi', c.id, c.version, 'approve');
      c.version = await act('county.poverty', c.id, c.version, 'approve');
    });
    const reviewMs = performance.now() - reviewStarted;

    process.stderr.write(`waiting for the notices to end…\n`);
    const admin = new Pool({ connectionString: stack.databaseUrl, max: 2 });
    await waitFor(async () => {
      const { rows } = await admin.query(`select count(*)::int as n from identification.case_record where stage = 'publicNotice'`);
      return rows[0].n === 0;
    }, 'every notice to end', 120_000, 250);
    for (const c of cases) c.version += 1; // the timer's transition

    process.stderr.write(`acceptance: two checks and accept per case…\n`);
    const acceptanceStarted = performance.now();
    await pool(cases, CONCURRENCY, async (c) => {
      c.version = await act('county.poverty.2', c.id, c.version, 'recordAcceptance', { check: 'dataComparison', evidence: '比对一致' });
      c.version = await act('county.poverty.2', c.id, c.version, 'recordAcceptance', { check: 'dataEntry', evidence: '已录入' });
      c.version = await act('county.poverty.2', c.id, c.version, 'accept');
    });
    const acceptanceMs = performance.now() - acceptanceStarted;
    const { rows: closed } = await admin.query(`select count(*)::int as n from identification.case_record where stage = 'closed'`);
    if (closed[0].n !== CASES) throw new Error(`only ${closed[0].n} of ${CASES} cases closed`);

    process.stderr.write(`raw PostgreSQL transitions at the same concurrency…\n`);
    const pgTransitionsPerSec = await rawPostgres(admin, latencies.length, CONCURRENCY);
    await admin.end();

    const sorted = [...latencies].sort((a, b) => a - b);
    const transitionsPerSec = latencies.length / ((reviewMs + acceptanceMs) / 1000);
    console.log(JSON.stringify({
      cases: CASES,
      concurrency: CONCURRENCY,
      httpTransitions: latencies.length,
      transitionsPerSec: Math.round(transitionsPerSec),
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      pgTransitionsPerSec: Math.round(pgTransitionsPerSec),
      ratio: Number((transitionsPerSec / pgTransitionsPerSec).toFixed(3)),
    }));
  } finally {
    await stack.stop();
  }
}

/** One UPDATE and two INSERTs per transaction, the shape of one approval transition. */
async function rawPostgres(admin: Pool, transitions: number, concurrency: number): Promise<number> {
  await admin.query(`drop schema if exists bench cascade; create schema bench;
    create table bench.case_row (id int primary key, state text not null, snapshot jsonb not null, version int not null);
    create table bench.audit (id bigserial primary key, case_id int not null, action text not null, at timestamptz not null default now(), hash text not null);
    create table bench.outbox (id uuid primary key default gen_random_uuid(), subject text not null, payload jsonb not null, created_at timestamptz not null default now());`);
  const rows = Math.max(concurrency * 4, 100);
  await admin.query(`insert into bench.case_row select g, 'review', '{"value":"review"}', 1 from generate_series(1, $1) g`, [rows]);
  const pg = new Pool({ connectionString: databaseUrl('poverty_bench'), max: concurrency });
  const work = Array.from({ length: transitions }, (_, i) => i);
  const started = performance.now();
  await pool(work, concurrency, async (i) => {
    const client = await pg.connect();
    try {
      const id = (i % rows) + 1;
      await client.query('begin');
      await client.query(`update bench.case_row set state = 'review', snapshot = $2, version = version + 1 where id = $1`, [id, JSON.stringify({ value: 'review', i })]);
      await client.query(`insert into bench.audit (case_id, action, hash) values ($1, 'approve', md5($2))`, [id, String(i)]);
      await client.query(`insert into bench.outbox (subject, payload) values ('events.bench', $1)`, [JSON.stringify({ caseId: id, i })]);
      await client.query('commit');
    } finally {
      client.release();
    }
  });
  const seconds = (performance.now() - started) / 1000;
  await pg.end();
  await admin.query('drop schema bench cascade');
  return transitions / seconds;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
