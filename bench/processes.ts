import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the bench starts the server from here, as `npm start` does. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const HOST = '127.0.0.1';

/** A child process with the tail of what it wrote, for error messages. */
export interface Managed {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

const children = new Set<Managed>();
const tempDirs = new Set<string>();

/** Synchronous last resort on exit: nothing the bench started may outlive it. */
function killEverythingNow(): void {
  for (const managed of children) {
    if (managed.child.exitCode === null && managed.child.signalCode === null) managed.child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}
process.on('exit', killEverythingNow);

let stopping = false;

/** True once a signal asked the bench to stop: what fails after that is the children being stopped. */
export function isStopping(): boolean {
  return stopping;
}

/** Ctrl-C or SIGTERM: stop the children, remove the temporary databases, exit 130/143. */
export function installSignalHandlers(onSignal?: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      onSignal?.(signal);
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

export function makeTempDir(prefix = 'econsec-bench-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/**
 * A database path for the server inside `dir`: a copy of `source` (with its -wal, so that nothing committed is
 * lost) when given, so the bench never writes to the original; otherwise a fresh path the server migrates and seeds.
 */
export function prepareDatabase(dir: string, source: string | undefined): string {
  const target = join(dir, 'bench.db');
  if (source === undefined) return target;
  if (!existsSync(source)) throw new Error(`--database: ${source} does not exist`);
  copyFileSync(source, target);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${target}-wal`);
  return target;
}

/** A port that was free a moment ago (the server reads PORT; with PORT=0 and LOG_LEVEL=warn it would not tell us which). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function manage(name: string, child: ChildProcess): Managed {
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => {
      children.delete(managed);
      resolveExit(code);
    });
  });
  const managed: Managed = { name, child, output, exited };
  children.add(managed);
  return managed;
}

/**
 * What the bench sets in the server's environment besides PORT, HOST and DATABASE_PATH. One client sending
 * thousands of requests a second is what the abuse limits are there to stop: the rate limiter stays in the path
 * (its cost is part of every request) with a limit that is never reached, and load shedding (503 while the event
 * loop lags, which a saturated server does by design) is off, so that every target is measured answering.
 * Variables an older tree does not know are ignored by its config.
 */
export const benchServerEnv = {
  LOG_LEVEL: 'warn',
  CORS_ORIGINS: '*',
  CACHE_MAX_AGE: '60',
  RATE_LIMIT_MAX: '1000000000',
  MAX_EVENT_LOOP_DELAY_MS: '0',
} as const;

/**
 * The node arguments that start the server. `launcher` is what `npm start` runs (scripts/start.mjs: rebuilds
 * dist/server.mjs first if it is older than the sources, then runs it in the same process); `tsx` is how the
 * server was started before the bundle, running the TypeScript sources (kept for comparison in startup-time.ts).
 */
export const appCommands = {
  launcher: ['scripts/start.mjs'],
  tsx: ['--import', 'tsx', 'src/server.ts'],
} as const;

/** The server started exactly as `npm start` does (or as `how` says), on the given port and database, with benchServerEnv. */
export function spawnApp(databasePath: string, port: number, how: keyof typeof appCommands = 'launcher'): Managed {
  const child = spawn(process.execPath, [...appCommands[how]], {
    cwd: repoRoot,
    env: { ...process.env, ...benchServerEnv, PORT: String(port), HOST, DATABASE_PATH: databasePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return manage('econsec-api', child);
}

/** The bare Fastify baseline (bench/baseline-server.ts), serving the bytes of `bodyFile`; resolves with its port. */
export async function spawnBaseline(bodyFile: string): Promise<{ managed: Managed; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline-server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, BASELINE_BODY_FILE: bodyFile, HOST },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const managed = manage('baseline', child);
  const port = await new Promise<number>((resolvePort, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = /^listening (\d+)$/m.exec(buffered);
      if (match) {
        child.stdout?.off('data', onData);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    void managed.exited.then((code) =>
      reject(new Error(`the baseline server exited (${code}) before listening:\n${managed.output.join('\n')}`)),
    );
  });
  return { managed, port };
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Polls `url` until it answers 200; fails if the child exits first or `timeoutMs` passes. */
export async function waitFor200(url: string, managed: Managed, timeoutMs: number, intervalMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void managed.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`${managed.name} exited (${exitCode}) before ${url} answered 200:\n${managed.output.join('\n')}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s:\n${managed.output.join('\n')}`);
    }
    await sleep(intervalMs);
  }
}

/** SIGTERM (the server finishes in-flight requests and closes the database), SIGKILL after `graceMs`. */
export async function stop(managed: Managed, graceMs = 5000): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((managed) => stop(managed)));
  for (const dir of [...tempDirs]) removeTempDir(dir);
}
