import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the portal's build reads; unit specs and their fixtures do not count. */
const PORTAL_SOURCES = ['src', 'public', 'index.html', 'vite.config.mts', 'tsconfig.json', 'tsconfig.app.json', 'project.json'];
const NOT_BUILT = /\.spec\.tsx?$|^testing$/;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A directory's own time changes when a file in it is deleted or renamed.
  return readdirSync(path)
    .filter((name) => !NOT_BUILT.test(name))
    .reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function portalIsCurrent(root: string): boolean {
  const index = join(root, 'dist/apps/portal/index.html');
  if (!existsSync(index)) return false;
  const sources = Math.max(...PORTAL_SOURCES.map((p) => newestMtime(join(root, 'apps/portal', p))));
  return statSync(index).mtimeMs >= sources;
}

/**
 * The gateway serves the portal only if `dist/apps/portal/index.html` exists when it starts:
 * builds it when missing or older than its sources. A lock directory keeps concurrent test
 * runs on one checkout from building into the same folder at once. A failed build is reported
 * and the run goes on (only the browser tests need the portal; they say so when it is missing).
 */
export function ensurePortalBuilt(root: string): void {
  if (portalIsCurrent(root)) return;
  const lock = join(root, 'dist/.portal-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another run is building; a lock left by a killed run is taken over after ten minutes.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && (Date.now() > deadline || Date.now() - held.mtimeMs > 10 * 60_000)) rmSync(lock, { recursive: true, force: true });
      else if (held) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    }
  }
  try {
    if (portalIsCurrent(root)) return;
    execFileSync('npx', ['nx', 'build', 'portal'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.slice(-4000);
    console.warn(`\nportal build failed, the browser tests will fail: ${e.message}\n${output}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
