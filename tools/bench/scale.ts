/**
 * The read paths at a county's volume: seeds N identification cases, M cases in each other service
 * and H roster households (`scale-seed.ts`), starts the real stack on them (gateway and the five
 * services as separate processes, a private nats-server) and measures, one request in flight over
 * HTTP through the gateway, p50/p99/max of the inbox, case lists (first and deep pages, filtered),
 * the roster, the public notice board and the dashboard, as a county and a township official (and
 * a village officer), with every app's resident memory sampled meanwhile. Prints one JSON line.
 *
 *   npm run bench:scale -- --cases 1000000 [--others M] [--households H] [--samples S]
 *                          [--database poverty_scale] [--keep] [--seed-only] [--no-build] [--check]
 *                          [--explain [--explain-out FILE]]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { databaseUrl, freePort, migrateApp, recreateDatabase, startApp, startNatsServer, type AppProcess } from '@poverty/testing';
import { SERVICE_DEFINITIONS } from '../db/service-definitions';
import { LeanHttpClient } from './lean-http';
import { checkSeed, type CheckResult } from './scale-check';
import { explainAll } from './scale-explain';
import { writeFileSync } from 'node:fs';
import { seedScale, type SeedFigures } from './scale-seed';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
function textArg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const CASES = arg('cases', 10_000);
const OTHERS = arg('others', Math.floor(CASES / 2));
const HOUSEHOLDS = arg('households', Math.floor(CASES / 2));
const SAMPLES = arg('samples', 300);
const DATABASE = textArg('database', 'poverty_scale');
const KEEP = process.argv.includes('--keep');
const SEED_ONLY = process.argv.includes('--seed-only');
const NO_BUILD = process.argv.includes('--no-build');
const APPS = ['gateway', ...Object.keys(SERVICE_DEFINITIONS)];
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** The counts a database seeded with these options holds, or null when it does not exist. */
async function seededCounts(url: string): Promise<Record<string, number> | null> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return null;
  }
  try {
    const counts: Record<string, number> = {};
    for (const definition of Object.values(SERVICE_DEFINITIONS)) {
      const { rows } = await client.query(`select count(*)::int as n from "${definition.schema}".case_record`);
      counts[definition.service] = rows[0].n;
    }
    counts['households'] = (await client.query(`select count(*)::int as n from identification.household`)).rows[0].n;
    return counts;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

async function databaseSize(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query(`select pg_database_size(current_database()) as n`)).rows[0].n);
  } finally {
    await client.end();
  }
}

function build() {
  log(`building ${APPS.join(', ')}…`);
  try {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', APPS.join(','), '--outputStyle=static'], {
      stdio: 'pipe',
      env: { ...process.env, NX_DAEMON: 'false', TS_NODE_PROJECT: undefined },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    process.stderr.write(`${stdout ?? ''}${stderr ?? ''}`);
    throw new Error('the build failed (its output is above)');
  }
}

async function main() {
  if (!NO_BUILD && !SEED_ONLY) build();
  // Measure what a county runs: the webpack builds (--no-build: the ones already in dist/).
  process.env['APP_RUNTIME'] ??= 'dist';
  const url = databaseUrl(DATABASE);
  const expected = { ...Object.fromEntries(Object.keys(SERVICE_DEFINITIONS).map((s) => [s, s === 'identification' ? CASES : OTHERS])), households: HOUSEHOLDS };
  const found = KEEP ? await seededCounts(url) : null;
  let seed: SeedFigures | null = null;
  if (found && Object.entries(expected).every(([k, v]) => found[k] === v)) {
    log(`--keep: ${DATABASE} already holds ${JSON.stringify(found)}; not seeding`);
  } else {
    if (KEEP && found) log(`--keep: ${DATABASE} holds ${JSON.stringify(found)}, not ${JSON.stringify(expected)}: seeding again`);
    await recreateDatabase(DATABASE);
    const env = { DATABASE_URL: url, LOG_LEVEL: 'silent' };
    log(`migrating ${DATABASE}…`);
    for (const app of APPS) await migrateApp(app, env);
    log(`seeding ${CASES} identification cases, ${OTHERS} in each other service, ${HOUSEHOLDS} households…`);
    seed = await seedScale({ databaseUrl: url, cases: CASES, others: OTHERS, households: HOUSEHOLDS, definitions: SERVICE_DEFINITIONS, report: log });
    log(`seeded in ${seed.totalSeconds} s: ${JSON.stringify(seed.seconds)}`);
  }
  let check: CheckResult[] | null = null;
  if (seed || process.argv.includes('--check')) {
    log('checking a sample of every service against the services\' own derivations…');
    check = await checkSeed(url, SERVICE_DEFINITIONS);
    for (const c of check) log(`check ${c.service}: ${c.sampled} rows, ${c.problems.length ? c.problems.join('; ') : 'ok'}`);
    if (check.some((c) => c.problems.length)) throw new Error('the seeded rows are not what the services would have written');
  }
  const sizeBytes = await databaseSize(url);
  log(`database ${DATABASE}: ${(sizeBytes / 2 ** 30).toFixed(2)} GiB`);
  let explainFile: string | null = null;
  if (process.argv.includes('--explain')) {
    explainFile = textArg('explain-out', `/tmp/${DATABASE}-explain.txt`);
    log(`EXPLAIN (ANALYZE, BUFFERS) of the measured statements → ${explainFile}`);
    writeFileSync(explainFile, await explainAll(url));
  }
  let measured: Record<string, unknown> = {};
  if (!SEED_ONLY) measured = await measure(url);
  if (!KEEP) {
    await dropDatabase(DATABASE);
    log(`dropped ${DATABASE} (--keep keeps it)`);
  }
  console.log(JSON.stringify({
    cases: CASES, others: OTHERS, households: HOUSEHOLDS, samples: SAMPLES, database: DATABASE,
    databaseBytes: sizeBytes, databaseGiB: Number((sizeBytes / 2 ** 30).toFixed(2)),
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    explainFile, seed, check: check && check.map((c) => ({ service: c.service, sampled: c.sampled, ok: c.problems.length === 0 })), ...measured,
  }));
}

async function dropDatabase(name: string) {
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
    await admin.query(`drop database if exists "${name}"`);
  } finally {
    await admin.end();
  }
}

/** Resident memory (MB) of a process, as `ps -o rss=` reads it (VmRSS in /proc). */
function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Math.round(Number(kb[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Figure {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  /** What the measured response held (items of the page, how deep the page was). */
  items?: number;
  depth?: number;
  /** The most each app was resident (MB) while this was measured. */
  rssMb?: Record<string, number>;
}

const XIAOSHI = '210521100000';
const USERS = { county: 'county.poverty', township: 'township.xiaoshi', village: 'village.xiaoshi', auditor: 'auditor' } as const;
type Role = keyof typeof USERS;

async function measure(url: string): Promise<Record<string, unknown>> {
  const privateNats = await startNatsServer();
  const env: Record<string, string> = { DATABASE_URL: url, NATS_URL: privateNats.url, LOG_LEVEL: 'silent', APP_RUNTIME: process.env['APP_RUNTIME'] ?? 'dist' };
  const apps: AppProcess[] = [];
  const rss: Record<string, { idleMb: number | null; maxMb: number; samples: number }> = {};
  let sampler: NodeJS.Timeout | null = null;
  try {
    log('starting the five services and the gateway…');
    const started = performance.now();
    for (const service of Object.keys(SERVICE_DEFINITIONS)) apps.push(await startApp(service, env, { timeoutMs: 180_000 }));
    const gatewayPort = await freePort();
    apps.push(await startApp('gateway', { ...env, PORT: String(gatewayPort) }, { healthPath: '/api/v1/health/ready', timeoutMs: 180_000 }));
    log(`stack up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const app of apps) rss[app.name] = { idleMb: rssMb(app.child.pid!), maxMb: 0, samples: 0 };
    const http = new LeanHttpClient(`http://127.0.0.1:${gatewayPort}`);
    const tokens = {} as Record<Role, string>;
    const login = async () => {
      for (const [role, username] of Object.entries(USERS)) {
        const { status, json } = await http.post('/api/v1/auth/login', { username, password: 'Demo@2019' });
        if (status !== 200) throw new Error(`login ${username} → ${status} ${JSON.stringify(json)}`);
        tokens[role as Role] = json.accessToken;
      }
    };
    await login();
    const get = async (path: string, role: Role | null, ok: (json: any) => boolean = () => true) => {
      const { status, json } = await http.get(`/api/v1${path}`, role ? tokens[role] : undefined);
      if (status !== 200 || !ok(json)) throw new Error(`GET ${path} as ${role ?? 'public'} → ${status} ${JSON.stringify(json).slice(0, 500)}`);
      return json;
    };
    let during: Record<string, number> = {};
    const sample = () => {
      for (const app of apps) {
        const mb = rssMb(app.child.pid!);
        if (mb === null) continue;
        during[app.name] = Math.max(during[app.name] ?? 0, mb);
        rss[app.name].maxMb = Math.max(rss[app.name].maxMb, mb);
        rss[app.name].samples++;
      }
    };
    sampler = setInterval(sample, 250);
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    const figures: Record<string, Record<string, Figure>> = {};
    const nonEmpty = (json: any) => Array.isArray(json.items) && json.items.length > 0;
    /** Warms up, then times `SAMPLES` requests of one path, one in flight. */
    const time = async (name: string, role: Role | null, path: string, ok = nonEmpty, extra: Partial<Figure> = {}) => {
      await login(); // access tokens live 15 minutes; a run at a million cases takes longer
      let last: any = null;
      for (let i = 0; i < Math.max(20, SAMPLES / 10); i++) last = await get(path, role, ok);
      const latencies: number[] = [];
      during = {};
      for (let i = 0; i < SAMPLES; i++) {
        const t0 = performance.now();
        last = await get(path, role, ok);
        latencies.push(performance.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      const round = (n: number) => Number(n.toFixed(1));
      const figure: Figure = {
        p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), maxMs: round(latencies[latencies.length - 1]), samples: SAMPLES,
        items: Array.isArray(last?.items) ? last.items.length : undefined, ...extra, rssMb: (sample(), during),
      };
      (figures[name] ??= {})[role ?? 'public'] = figure;
      log(`${name} as ${role ?? 'public'}: p50 ${figure.p50Ms} ms, p99 ${figure.p99Ms} ms, max ${figure.maxMs} ms (${figure.items ?? '-'} items${figure.depth ? `, page ${figure.depth}` : ''}; RSS MB ${Object.values(during).join('/')})`);
    };
    const withCursor = (path: string, cursor: string) => `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
    /** The cursor `pages` pages on (or as far as there are pages), and how deep that is. */
    const deep = async (path: string, role: Role | null, pages: number) => {
      // The cursor of page `pages + 1`, or of the last page when there are fewer.
      let cursor: string | null = null;
      for (let depth = 1; depth <= pages; depth++) {
        const page: any = await get(cursor ? withCursor(path, cursor) : path, role);
        if (!page.nextCursor) return { cursor, depth };
        cursor = page.nextCursor;
      }
      return { cursor, depth: pages + 1 };
    };

    for (const role of ['county', 'township', 'village'] as const) {
      await time('inbox.first', role, '/inbox');
      const first = await get('/inbox', role);
      if (first.nextCursor) await time('inbox.second', role, withCursor('/inbox', first.nextCursor), () => true);
    }
    const lists: Array<[string, string, Role[]]> = [
      ['cases', '/identification/cases', ['county', 'township', 'village']],
      ['cases.stage=review', '/identification/cases?stage=review', ['county', 'township']],
      [`cases.township`, `/identification/cases?township=${XIAOSHI}`, ['county']],
      ['households', '/households', ['county', 'township']],
    ];
    for (const [name, path, roles] of lists) {
      for (const role of roles) {
        await time(`${name}.first`, role, path);
        const { cursor, depth } = await deep(path, role, 50);
        if (cursor) await time(`${name}.deep`, role, withCursor(path, cursor), nonEmpty, { depth });
      }
    }
    const households = await get('/households', 'county');
    await time('household.view', 'county', `/households/${households.items[households.items.length - 1].id}`, (json) => typeof json.id === 'string' && Array.isArray(json.cases));
    await time('notices.first', null, '/public/notices');
    const later = await deep('/public/notices', null, 3);
    if (later.cursor) await time('notices.later', null, withCursor('/public/notices', later.cursor), nonEmpty, { depth: later.depth });
    const dashboardOk = (json: any) => Array.isArray(json.townships) && json.townships.length === 13 && json.unavailable.length === 0;
    await time('dashboard', 'county', '/stats/progress?year=2019', dashboardOk);
    await time('dashboard', 'auditor', '/stats/progress?year=2019', dashboardOk);
    const township = await http.get('/api/v1/stats/progress?year=2019', tokens.township);
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    clearInterval(sampler);
    sampler = null;
    sample();
    http.close();
    return {
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      dashboardAsTownship: { status: township.status, code: township.json?.code ?? null },
      figures,
      rssMb: rss,
      maxRssMb: Math.max(...Object.values(rss).map((r) => r.maxMb)),
    };
  } finally {
    if (sampler) clearInterval(sampler);
    await Promise.all(apps.map((app) => app.kill('SIGTERM').catch(() => app.kill('SIGKILL'))));
    await privateNats.stop();
    rmSync(privateNats.storeDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
