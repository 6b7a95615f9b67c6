// `npm start`: build, migrate, seed the demo once, start every app, print the URL and logins.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { APPS } from './apps.mjs';

const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/poverty',
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  // A demo shows the whole flow in one sitting; set NOTICE_PERIOD=P7D for the policy's 7 days.
  NOTICE_PERIOD: process.env.NOTICE_PERIOD ?? 'PT2M',
  // The demo county's data is 2019's: declarations take the 2019 policy. `POLICY_DATE= npm start` for today's.
  POLICY_DATE: process.env.POLICY_DATE ?? '2019-06-01',
  NX_DAEMON: 'false',
};

function step(title) {
  console.log(`\n▶ ${title}`);
}

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`✗ ${command} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

async function ensureDatabase() {
  const url = new URL(env.DATABASE_URL);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: env.DATABASE_URL.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect().catch((error) => {
    console.error(`✗ cannot reach PostgreSQL at ${url.host}: ${error.message}`);
    process.exit(1);
  });
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await admin.query(`create database "${name}"`);
  await admin.end();
}

async function waitHealthy(url, name) {
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not become healthy at ${url}`);
}

step('building every app (nx run-many -t build)');
run('npx', ['nx', 'run-many', '-t', 'build', '--projects', [...APPS.map((a) => a.name), 'portal'].join(','), '--outputStyle=static']);

step('preparing the database and running migrations');
await ensureDatabase();
for (const app of APPS) run(process.execPath, [`dist/apps/${app.name}/main.js`, 'migrate'], { LOG_LEVEL: 'warn' });

step('starting the services and the gateway');
const children = [];
for (const app of APPS) {
  const child = spawn(process.execPath, [`dist/apps/${app.name}/main.js`], {
    env: { ...env, PORT: String(process.env[`${app.name.toUpperCase().replace('-', '_')}_PORT`] ?? app.port), PORTAL_DIR: resolve('dist/apps/portal') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code) => {
    if (!stopping) console.error(`✗ ${app.name} exited with ${code}`);
  });
  children.push(child);
}
let stopping = false;
const stop = () => {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  for (const app of APPS) {
    const path = app.name === 'gateway' ? '/api/v1/health/ready' : '/health/ready';
    await waitHealthy(`http://127.0.0.1:${app.port}${path}`, app.name);
  }
} catch (error) {
  console.error(`✗ ${error.message}`);
  stop();
  process.exitCode = 1;
  await new Promise(() => undefined); // stop() exits once the apps are down
}

step('seeding the demo county (once)');
run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'tools/start/seed-demo.ts'], { TS_NODE_PROJECT: 'tsconfig.base.json' });

const gateway = APPS.find((a) => a.name === 'gateway');
console.log(`
✔ 巩固脱贫 platform is running

  Portal:        http://127.0.0.1:${gateway.port}/
  Public board:  http://127.0.0.1:${gateway.port}/public
  API docs:      http://127.0.0.1:${gateway.port}/api/docs
  Notice period: ${env.NOTICE_PERIOD}

  Demo logins (password Demo@2019 for all):
    village.xiaoshi, village.xiaoshi.2     village officers, 小市镇 上堡村
    township.xiaoshi, township.caohezhang  township reviewers
    county.poverty, county.poverty.2       县扶贫办
    county.housing / county.medical / county.education
    auditor, evaluator, admin

  Ctrl-C stops everything.
`);
