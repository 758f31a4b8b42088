import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeedDataset } from '../../seeds/index.js';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../../src/db/sqlite/client.js';
import { seedDatabase } from '../../src/db/seed.js';
import { insertSyntheticCorpus } from '../../bench/synthetic-corpus.js';

/**
 * Helpers of the reliability tests (tests/reliability-*.test.ts): a database file prepared before any server
 * touches it, the real server (src/server.ts) as a child process, and fingerprints of a database's content.
 */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A temporary folder, removed by the returned function. */
export function temporaryDirectory(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PreparedDatabase {
  path: string;
  /** A key with the write scope. */
  writeKey: string;
  /** A key with the read scope only. */
  readKey: string;
}

/**
 * Creates `path` as the server would (migrated, seeded with the briefing), optionally with a synthetic corpus,
 * and with a write and a read key; then closes it, checkpointing the WAL so that the file stands alone.
 */
export async function prepareDatabase(path: string, options: { syntheticStatements?: number } = {}): Promise<PreparedDatabase> {
  const db = openDatabase(path);
  try {
    migrateDatabase(db);
    const dataset = loadSeedDataset();
    await seedDatabase(db, dataset);
    if (options.syntheticStatements) insertSyntheticCorpus(db, dataset, { statements: options.syntheticStatements, seed: 7 });
    const writeKey = (await createApiKey(db, 'reliability-writer', ['write'])).key;
    const readKey = (await createApiKey(db, 'reliability-reader', ['read'])).key;
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    return { path, writeKey, readKey };
  } finally {
    closeDatabase(db);
  }
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  port: number;
  base: string;
  /** Everything the process wrote so far (pino JSON lines on stdout, anything on stderr). */
  logs: () => string;
  /** The parsed JSON log lines so far, in order. */
  logLines: () => Record<string, unknown>[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a log line satisfies `predicate` (immediately if one already does). */
  waitForLog: (predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  /** SIGKILL unless it has already exited: for clean-up after a failed test. */
  kill: () => void;
}

function parseLines(text: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line cut short by SIGKILL.
    }
  }
  return lines;
}

/**
 * The abuse limits (src/platform/abuse-limits.ts) off: these tests send hundreds of writes from one key in a few
 * seconds on purpose, and a loaded CI machine must not turn them into 503s. tests/api/abuse-limits.test.ts tests
 * the limits themselves. (Unknown variables are ignored by src/config.ts, so this is harmless anywhere.)
 */
export const NO_ABUSE_LIMITS = { RATE_LIMIT_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' };

/** Servers started by this process: killed if it exits first (a timed-out test must not leave one running). */
const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node --import tsx src/server.ts` (the server from its sources; `npm start` runs the same code bundled) on a free port of 127.0.0.1 and resolves once
 * it listens. LOG_LEVEL must be info or lower: the port is read from the "Server listening at" line.
 */
export function startServerProcess(env: Record<string, string>, startTimeoutMs = 45_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...NO_ABUSE_LIMITS, ...env },
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const check of [...waiters]) check();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      // Let the last buffered output arrive before anyone reads the logs.
      setImmediate(() => {
        resolve({ code, signal });
        for (const check of [...waiters]) check();
      });
    }),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const logLines = () => parseLines(out);
  const waitForLog = (predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logLines().find(predicate);
        if (found) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        } else if (hasExited) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`the server exited before the awaited log line:\n${out.slice(-4000)}`));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line:\n${out.slice(-4000)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const kill = () => {
    if (!hasExited && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  return waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('Server listening at'), startTimeoutMs).then(
    (line) => {
      const port = Number(/:(\d+)$/.exec(String(line.msg))?.[1]);
      return { child, port, base: `http://127.0.0.1:${port}`, logs: () => out, logLines, exited, waitForLog, kill };
    },
    (err: unknown) => {
      kill();
      throw err;
    },
  );
}

/** The user tables of a database, in name order (FTS shadow tables included: they are part of the data). */
export function tableNames(client: Database.Database): string[] {
  return (client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    // Virtual tables themselves are not readable row by row in a useful way (contentless FTS5); their shadow
    // tables (…_data, …_idx, …_docsize, …_config) hold everything and are ordinary tables.
    .filter((name) => !/^statement_search_(trigram|chars|words)$/.test(name));
}

/**
 * A SHA-256 per table over every row (in rowid / primary-key order), so that two fingerprints differ exactly
 * where the content differs. `ignore` lists columns to leave out, per table (e.g. api_keys.last_used_at).
 */
export function fingerprint(client: Database.Database, ignore: Record<string, string[]> = { api_keys: ['last_used_at'] }): Map<string, string> {
  const result = new Map<string, string>();
  for (const table of tableNames(client)) {
    const columns = (client.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !(ignore[table] ?? []).includes(c));
    const hash = createHash('sha256');
    const list = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    // ORDER BY every column: deterministic whatever the table's key (WITHOUT ROWID tables included).
    const rows = client.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).raw().iterate() as Iterable<unknown[]>;
    let count = 0;
    for (const row of rows) {
      count += 1;
      for (const value of row) {
        if (Buffer.isBuffer(value)) hash.update('b').update(value);
        else hash.update(typeof value === 'string' ? `s${value.length}:${value}` : `${typeof value}:${String(value)}`);
        hash.update('\u0000');
      }
      hash.update('\n');
    }
    result.set(table, `${count}:${hash.digest('hex')}`);
  }
  return result;
}

/** The tables whose fingerprint differs (or exists in only one of the two). */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

/** PRAGMA integrity_check and foreign_key_check of a database file, opened read-only. */
export function checkDatabaseFile(path: string): { integrity: string[]; foreignKeyViolations: unknown[] } {
  const client = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = (client.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const foreignKeyViolations = client.pragma('foreign_key_check') as unknown[];
    return { integrity, foreignKeyViolations };
  } finally {
    client.close();
  }
}

/** Runs `worker` over `items` with at most `concurrency` at a time; stops handing out items once `stop()` is true. */
export async function runPool<T>(items: T[], concurrency: number, worker: (item: T) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stop() && next < items.length) {
        const item = items[next++] as T;
        await worker(item);
      }
    }),
  );
}
