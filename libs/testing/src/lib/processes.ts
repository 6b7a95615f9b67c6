import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (tests run from anywhere inside it). */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export interface AppProcess {
  name: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown hooks, as in a crash. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs an app's TypeScript entry point directly (no build step), as its own OS process. */
export function runApp(app: string, args: string[], env: Record<string, string>): ChildProcess {
  // APP_NODE_ARGS passes Node flags to the apps (e.g. `--cpu-prof` when profiling a benchmark).
  const nodeArgs = (env['APP_NODE_ARGS'] ?? process.env['APP_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  // APP_RUNTIME=dist runs the webpack build (as production does) instead of the TypeScript source.
  const entry =
    (env['APP_RUNTIME'] ?? process.env['APP_RUNTIME']) === 'dist'
      ? [join('dist/apps', app, 'main.js')]
      : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', app, 'src/main.ts')];
  return spawn(process.execPath, [...nodeArgs, ...entry, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.base.json', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `main.ts migrate` for an app and waits for it to finish. */
export function migrateApp(app: string, env: Record<string, string>): Promise<void> {
  return new Promise((done, fail) => {
    const child = runApp(app, ['migrate'], env);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`migrate ${app} exited ${code}: ${output}`))));
  });
}

/** Starts an app and resolves once its readiness endpoint answers ok. */
export async function startApp(app: string, env: Record<string, string>, options: { healthPath?: string; timeoutMs?: number } = {}): Promise<AppProcess> {
  const port = Number(env['PORT'] ?? (await freePort()));
  const child = runApp(app, [], { ...env, PORT: String(port) });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  let exited = false;
  child.on('exit', () => (exited = true));
  const health = `http://127.0.0.1:${port}${options.healthPath ?? '/health/ready'}`;
  await waitFor(
    async () => {
      if (exited) throw new Error(`${app} exited during start:\n${output}`);
      const response = await fetch(health);
      return response.ok && ((await response.json()) as { status: string }).status === 'ok';
    },
    `${app} on port ${port}`,
    options.timeoutMs ?? 60_000,
    200,
  ).catch((error) => {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${app} output ---\n${output}`);
  });
  return {
    name: app,
    port,
    child,
    output: () => output,
    kill: (signal: NodeJS.Signals = 'SIGKILL') =>
      new Promise<void>((done, fail) => {
        if (exited) return done();
        // A graceful stop that hangs must fail the test that asked for it, not hang the run.
        const deadline = setTimeout(() => {
          child.kill('SIGKILL');
          fail(new Error(`${app} did not exit within 20 s of ${signal}\n--- ${app} output ---\n${output.slice(-4000)}`));
        }, 20_000);
        child.once('exit', () => {
          clearTimeout(deadline);
          done();
        });
        child.kill(signal);
      }),
  };
}

/** A nats-server the test starts and stops itself. */
export interface PrivateNatsServer {
  url: string;
  /** Its JetStream store: kept by `stop()` for `start()`; the caller removes it when done. */
  storeDir: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop: () => Promise<void>;
  /** Starts it again on the same port with the same JetStream store, as after an outage. */
  start: () => Promise<void>;
}

/**
 * A nats-server of the test's own, with JetStream, on a free port: tests that kill or multiply
 * services (or stop NATS itself) use one, so nothing else answers their subjects.
 */
export async function startNatsServer(): Promise<PrivateNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'nats-test-'));
  const binary = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';
  const url = `nats://127.0.0.1:${port}`;
  const { connect } = await import('nats');
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
    await waitFor(async () => {
      const nc = await connect({ servers: url, reconnect: false });
      await nc.close();
      return true;
    }, `nats-server on ${port}`);
  };
  const stop = () =>
    new Promise<void>((done) => {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return done();
      running.once('exit', () => done());
      running.kill('SIGTERM');
    });
  await start();
  return { url, storeDir, stop, start };
}
