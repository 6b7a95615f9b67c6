/**
 * The read paths at a county's volume: seeds N identification cases, M cases in each other service
 * and H roster households (`scale-seed.ts`), starts the real stack on them (gateway and the five
 * services as separate processes, a private nats-server) and measures, one request in flight over
 * HTTP through the gateway, p50/p99/max of the inbox, case lists (first and deep pages, filtered),
 * the roster, the public notice board and the dashboard, as a county and a township official (and
 * a village officer), with every app's resident memory sampled meanwhile. Prints one JSON line.
 *
 *   npm run bench:scale -- --cases 1000000 [--others M] [--households H] [--samples S]
 *                          [--database poverty_scale] [--keep] [--seed-only] [--no-build]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { databaseUrl, freePort, migrateApp, recreateDatabase, startApp, startNatsServer, type AppProcess } from '@poverty/testing';
import { SERVICE_DEFINITIONS } from '../db/service-definitions';
import { LeanHttpClient } from './lean-http';
import { checkSeed, type CheckResult } from './scale-check';
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
  process.env['APP_RUNTIME'] = NO_BUILD && !process.env['APP_RUNTIME'] ? 'source' : 'dist';
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
    seed, check: check && check.map((c) => ({ service: c.service, sampled: c.sampled, ok: c.problems.length === 0 })), ...measured,
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

async function measure(_url: string): Promise<Record<string, unknown>> {
  return {};
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

export type { AppProcess };
void freePort;
void startApp;
void startNatsServer;
void rmSync;
