// `npm run migrate`: runs every app's migrations from source (no build needed); safe to run twice.
import { spawnSync } from 'node:child_process';
import { APPS } from './apps.mjs';

for (const app of APPS) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app.name}/src/main.ts`, 'migrate'], {
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.base.json' },
  });
  if (result.status !== 0) {
    console.error(`migrations of ${app.name} failed`);
    process.exit(1);
  }
}
