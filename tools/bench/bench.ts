/**
 * Drives N identification cases through every stage via the gateway, C at a time, and
 * measures the same machine's raw PostgreSQL ceiling for one transition (UPDATE + two
 * INSERTs in one transaction) at the same concurrency. Prints one JSON line.
 *
 *   npm run bench -- --cases 200 --concurrency 8 [--warmup 200] [--cpu]
 *
 * It starts its own stack (database `poverty_bench`, a private nats-server unless NATS_URL names
 * one) with a 1-second notice period, so cases really pass through 公示.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { Pool } from 'pg';
import { syntheticIdNumber } from '@poverty/policy';
import { databaseUrl, startNatsServer, startStack, waitFor } from '@poverty/testing';
import { LeanHttpClient } from './lean-http';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const CASES = arg('cases', 200);
const CONCURRENCY = arg('concurrency', 8);
const WARMUP_CASES = arg('warmup', 200);
const SHOW_CPU = process.argv.includes('--cpu');

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** A case the bench drives, with the version its next action expects. */
interface BenchCase {
  id: string;
  version: number;
}

/** CPU time (ms) a process group used, in user space and in the kernel. */
type CpuUse = Map<string, { user: number; kernel: number }>;

/**
 * CPU time each process group used so far, read from /proc: the apps by their entry file,
 * everything else by command name. `--cpu` prints where a transition's CPU goes.
 */
function cpuByProcess(): CpuUse {
  const msPerTick = 1000 / 100; // USER_HZ is 100 on Linux
  const totals: CpuUse = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name.startsWith('node')) {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const app = /apps\/([\w-]+)\//.exec(cmdline)?.[1];
        name = app ? `node:${app}` : pid === String(process.pid) ? 'node:bench-client' : 'node:other';
      }
      if (name.startsWith('postgres')) name = 'postgres';
      if (name.startsWith('kworker')) name = 'kworker';
      const entry = totals.get(name) ?? { user: 0, kernel: 0 };
      entry.user += Number(fields[11]) * msPerTick; // utime
      entry.kernel += Number(fields[12]) * msPerTick; // stime
      totals.set(name, entry);
    } catch {
      // the process ended while we read it
    }
  }
  return totals;
}

function addCpuSince(before: CpuUse, into: CpuUse): void {
  for (const [name, now] of cpuByProcess()) {
    const then = before.get(name) ?? { user: 0, kernel: 0 };
    const sum = into.get(name) ?? { user: 0, kernel: 0 };
    into.set(name, { user: sum.user + now.user - then.user, kernel: sum.kernel + now.kernel - then.kernel });
  }
}

/** CPU ms per HTTP transition of each process group that used at least 0.05 ms ([user, kernel]). */
function cpuPerTransition(used: CpuUse, transitions: number): Record<string, number[]> {
  const round = (ms: number) => Number((ms / transitions).toFixed(2));
  const rows = [...used]
    .map(([name, ms]) => [name, [round(ms.user), round(ms.kernel)]] as const)
    .filter(([, [user, kernel]]) => user + kernel >= 0.05)
    .sort((a, b) => b[1][0] + b[1][1] - a[1][0] - a[1][1]);
  const total = rows.reduce((sum, [, [user, kernel]]) => sum + user + kernel, 0);
  return Object.fromEntries([...rows, ['total', [Number(total.toFixed(2))]]]);
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  // Measure what a county runs: the webpack builds, not the TypeScript sources under ts-node
  // (ts-node turns on Node's domain module, which slows every event emitter).
  process.stderr.write(`building gateway and identification…\n`);
  try {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway,identification', '--outputStyle=static'], {
      stdio: 'pipe',
      // The bench runs under ts-node with a relative TS_NODE_PROJECT, which webpack's own ts-node
      // would resolve from each app's folder and fail: the builds find their config themselves.
      env: { ...process.env, NX_DAEMON: 'false', TS_NODE_PROJECT: undefined },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${stdout ?? ''}${stderr ?? ''}`);
    throw new Error('the build failed (its output is above)');
  }
  process.env['APP_RUNTIME'] = 'dist';
  process.stderr.write(`starting stack…\n`);
  // A nats-server of the bench's own: a run publishes ten events a case, and on the machine's NATS
  // they would stay in the shared stream as a backlog for every later stack's durable consumers
  // (one day's benches left ≈225,000, and the next e2e run timed out waiting for its read models).
  const privateNats = process.env['NATS_URL'] ? null : await startNatsServer();
  const stopPrivateNats = async () => {
    if (!privateNats) return;
    await privateNats.stop();
    rmSync(privateNats.storeDir, { recursive: true, force: true });
  };
  const stack = await startStack({
    database: 'poverty_bench',
    natsUrl: privateNats?.url,
    services: { identification: 1 },
    env: { NOTICE_PERIOD: 'PT1S', TIMER_POLL_MS: '100', LOG_LEVEL: 'silent', DB_POOL_MAX: String(Math.max(10, CONCURRENCY + 2)) },
  }).catch(async (error) => {
    await stopPrivateNats();
    throw error;
  });
  const base = '/api/v1';
  try {
    const http = new LeanHttpClient(stack.gatewayUrl);
    const tokens: Record<string, string> = {};
    for (const user of ['village.xiaoshi', 'village.xiaoshi.2', 'township.xiaoshi', 'county.poverty', 'county.poverty.2']) {
      const { json } = await http.post(`${base}/auth/login`, { username: user, password: 'Demo@2019' });
      tokens[user] = (json as { accessToken: string }).accessToken;
    }
    const call = async (user: string, path: string, body: unknown) => {
      const { status, json } = await http.post(`${base}${path}`, body, tokens[user]);
      if (status >= 300) throw new Error(`${user} ${path} → ${status} ${json.code}`);
      return json;
    };
    const latencies: number[] = [];
    const act = async (user: string, id: string, version: number, action: string, data?: unknown) => {
      const started = performance.now();
      const result = await call(user, `/identification/cases/${id}/actions`, { action, expectedVersion: version, data });
      latencies.push(performance.now() - started);
      return result.version as number;
    };

    let declaredSoFar = 0;
    const declare = async (count: number) => {
      const first = declaredSoFar;
      declaredSoFar += count;
      const cases: BenchCase[] = [];
      await pool(Array.from({ length: count }, (_, i) => first + i), CONCURRENCY, async (i) => {
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
      return cases;
    };
    const review = (cases: BenchCase[]) =>
      pool(cases, CONCURRENCY, async (c) => {
        c.version = await act('village.xiaoshi', c.id, c.version, 'submit');
        c.version = await act('village.xiaoshi.2', c.id, c.version, 'approve');
        c.version = await act('township.xiaoshi', c.id, c.version, 'approve');
        c.version = await act('county.poverty', c.id, c.version, 'approve');
      });
    const admin = new Pool({ connectionString: stack.databaseUrl, max: 2 });
    const waitForNoticesToEnd = async (cases: BenchCase[]) => {
      await waitFor(async () => {
        const { rows } = await admin.query(`select count(*)::int as n from identification.case_record where stage = 'publicNotice'`);
        return rows[0].n === 0;
      }, 'every notice to end', 120_000, 250);
      for (const c of cases) c.version += 1; // the timer's transition
    };
    const acceptance = (cases: BenchCase[]) =>
      pool(cases, CONCURRENCY, async (c) => {
        c.version = await act('county.poverty.2', c.id, c.version, 'recordAcceptance', { check: 'dataComparison', evidence: '比对一致' });
        c.version = await act('county.poverty.2', c.id, c.version, 'recordAcceptance', { check: 'dataEntry', evidence: '已录入' });
        c.version = await act('county.poverty.2', c.id, c.version, 'accept');
      });

    // Warm-up, not measured: a long-running service decides with code V8 has optimised, but a
    // fresh process interprets it for its first thousand or so requests (at 300 cases, unwarmed,
    // the CPU per decision read 27% above the steady state, in turns). The raw ceiling is warmed
    // up too.
    if (WARMUP_CASES > 0) {
      process.stderr.write(`warm-up: ${WARMUP_CASES} cases through every stage, not measured…\n`);
      const warmup = await declare(WARMUP_CASES);
      await review(warmup);
      await waitForNoticesToEnd(warmup);
      await acceptance(warmup);
      latencies.length = 0;
    }

    process.stderr.write(`declaring ${CASES} cases…\n`);
    const cases = await declare(CASES);

    // The raw ceiling is measured before, between and after the two HTTP phases (while the stack is
    // idle), and averaged: this machine's speed drifts by ±20% over minutes, and both figures
    // should see the same drift.
    process.stderr.write(`raw PostgreSQL transitions at the same concurrency (before)…\n`);
    const raw = await RawPostgres.prepare(admin, CONCURRENCY);
    const pgBefore = await raw.run(2_000);

    process.stderr.write(`review: submit and three approvals per case…\n`);
    const cpuUsed: CpuUse = new Map();
    let cpuBefore = cpuByProcess();
    const reviewStarted = performance.now();
    await review(cases);
    const reviewMs = performance.now() - reviewStarted;
    addCpuSince(cpuBefore, cpuUsed);

    process.stderr.write(`waiting for the notices to end…\n`);
    await waitForNoticesToEnd(cases);

    process.stderr.write(`raw PostgreSQL transitions at the same concurrency (between)…\n`);
    const pgBetween = await raw.run(2_000);

    process.stderr.write(`acceptance: two checks and accept per case…\n`);
    cpuBefore = cpuByProcess();
    const acceptanceStarted = performance.now();
    await acceptance(cases);
    const acceptanceMs = performance.now() - acceptanceStarted;
    addCpuSince(cpuBefore, cpuUsed);
    const { rows: closed } = await admin.query(`select count(*)::int as n from identification.case_record where stage = 'closed'`);
    if (closed[0].n !== WARMUP_CASES + CASES) throw new Error(`only ${closed[0].n} of ${WARMUP_CASES + CASES} cases closed`);

    process.stderr.write(`raw PostgreSQL transitions at the same concurrency (after)…\n`);
    const pgAfter = await raw.run(2_000);
    await raw.close();
    const pgTransitionsPerSec = (pgBefore + pgBetween + pgAfter) / 3;
    await admin.end();
    http.close();

    const sorted = [...latencies].sort((a, b) => a - b);
    const transitionsPerSec = latencies.length / ((reviewMs + acceptanceMs) / 1000);
    console.log(JSON.stringify({
      cases: CASES,
      warmupCases: WARMUP_CASES,
      concurrency: CONCURRENCY,
      httpTransitions: latencies.length,
      transitionsPerSec: Math.round(transitionsPerSec),
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      pgTransitionsPerSec: Math.round(pgTransitionsPerSec),
      pgSamples: [Math.round(pgBefore), Math.round(pgBetween), Math.round(pgAfter)],
      ratio: Number((transitionsPerSec / pgTransitionsPerSec).toFixed(3)),
      ...(SHOW_CPU ? { cpuMsPerTransition: cpuPerTransition(cpuUsed, latencies.length) } : {}),
    }));
  } finally {
    await stack.stop();
    await stopPrivateNats();
  }
}

/**
 * The raw PostgreSQL ceiling: one UPDATE and two INSERTs per transaction, the shape of one
 * approval transition, C transactions in flight on the bench's own tables.
 */
class RawPostgres {
  private readonly rows: number;
  private readonly pg: Pool;
  private next = 0;

  private constructor(private readonly admin: Pool, private readonly concurrency: number) {
    this.rows = Math.max(concurrency * 4, 100);
    this.pg = new Pool({ connectionString: databaseUrl('poverty_bench'), max: concurrency });
  }

  static async prepare(admin: Pool, concurrency: number): Promise<RawPostgres> {
    const raw = new RawPostgres(admin, concurrency);
    await admin.query(`drop schema if exists bench cascade; create schema bench;
      create table bench.case_row (id int primary key, state text not null, snapshot jsonb not null, version int not null);
      create table bench.audit (id bigserial primary key, case_id int not null, action text not null, at timestamptz not null default now(), hash text not null);
      create table bench.outbox (id uuid primary key default gen_random_uuid(), subject text not null, payload jsonb not null, created_at timestamptz not null default now());`);
    await admin.query(`insert into bench.case_row select g, 'review', '{"value":"review"}', 1 from generate_series(1, $1) g`, [raw.rows]);
    await raw.run(500); // warm-up: connections, plans, caches
    return raw;
  }

  /** Runs `transactions` transactions and returns how many ran per second. */
  async run(transactions: number): Promise<number> {
    const work = Array.from({ length: transactions }, () => this.next++);
    const started = performance.now();
    await pool(work, this.concurrency, async (i) => {
      const client = await this.pg.connect();
      try {
        const id = (i % this.rows) + 1;
        await client.query('begin');
        await client.query(`update bench.case_row set state = 'review', snapshot = $2, version = version + 1 where id = $1`, [id, JSON.stringify({ value: 'review', i })]);
        await client.query(`insert into bench.audit (case_id, action, hash) values ($1, 'approve', md5($2))`, [id, String(i)]);
        await client.query(`insert into bench.outbox (subject, payload) values ('events.bench', $1)`, [JSON.stringify({ caseId: id, i })]);
        await client.query('commit');
      } finally {
        client.release();
      }
    });
    return transactions / ((performance.now() - started) / 1000);
  }

  async close(): Promise<void> {
    await this.pg.end();
    await this.admin.query('drop schema bench cascade');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
