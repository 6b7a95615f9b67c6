// `npm run machine:migrate -- --service housing --from 1 --to 2 [--apply] [--by <user id>]`: moves one
// service's cases to the next approval-machine version, from source (no build needed). A dry run
// (a report, nothing written) unless --apply. With a build: `node dist/apps/<service>/main.js machine-migrate …`.
import { spawnSync } from 'node:child_process';
import { APPS } from '../start/apps.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--service');
const service = at >= 0 ? args[at + 1] : undefined;
const app = APPS.find((a) => a.name === service && a.name !== 'gateway');
if (!app) {
  console.error(`--service <name> is required: one of ${APPS.filter((a) => a.name !== 'gateway').map((a) => a.name).join(', ')}`);
  process.exit(2);
}
const rest = args.filter((_, i) => i !== at && i !== at + 1);
const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app.name}/src/main.ts`, 'machine-migrate', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.base.json', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
});
process.exit(result.status ?? 1);
