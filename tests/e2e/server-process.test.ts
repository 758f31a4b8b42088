import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../../src/db/sqlite/client.js';
import { OPENAPI_FILE } from '../../src/platform/openapi-recorded-examples.js';

/**
 * Starts the real server on a free port and waits until it listens: by default from the TypeScript sources
 * (src/server.ts through tsx); `args` gives other node arguments (the bundle `npm start` runs, below).
 */
function startServer(
  env: Record<string, string>,
  args: string[] = ['--import', 'tsx', 'src/server.ts'],
): Promise<{ child: ChildProcessWithoutNullStreams; port: number; logs: () => string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk.toString()));
  child.stderr.on('data', (chunk) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), logs: () => out });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));

describe('the server process', () => {
  it('creates, migrates and seeds its database, serves /healthz, and shuts down cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'econsec-server-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'data', 'econsec.db');
    const { child, port, logs } = await startServer({ DATABASE_PATH: dbPath });
    cleanup.push(() => child.kill('SIGKILL'));

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ok', seedVersion: '2026-06-15.1' });
    expect(existsSync(dbPath)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/openapi.json`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs()).toContain('shut down cleanly');
    expect(logs()).toContain('"msg":"database seeded"');
    // Every request log line carries the request id.
    const requestLines = logs()
      .split('\n')
      .filter((line) => line.includes('"req":') || line.includes('"res":'));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) expect(JSON.parse(line)).toHaveProperty('reqId');
  });

  it('never writes an API key to its logs, even at trace level', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'econsec-server-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'econsec.db');
    const db = openDatabase(dbPath);
    migrateDatabase(db);
    const { key } = await createApiKey(db, 'logged?', ['write']);
    closeDatabase(db);
    const { child, port, logs } = await startServer({ DATABASE_PATH: dbPath, LOG_LEVEL: 'trace' });
    cleanup.push(() => child.kill('SIGKILL'));
    const res = await fetch(`http://127.0.0.1:${port}/v1/themes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'logged-theme', kind: 'topic', labelJa: 'ラベル', labelEn: 'Label', descriptionJa: '説明', descriptionEn: 'Description' }),
    });
    expect(res.status).toBe(201);
    await fetch(`http://127.0.0.1:${port}/v1/themes`, { method: 'POST', headers: { authorization: `Bearer ${key}x` } });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(logs()).toContain('"reqId"');
    expect(logs()).not.toContain(key.slice(4));
    expect(logs()).not.toContain(key.split('_')[2]);
  });

  // What `npm start` runs (scripts/start.mjs → dist/server.mjs) and the Docker image runs (dist/server.mjs) is
  // the esbuild bundle, not the sources the other tests start: this builds it from the current sources and
  // checks what a bundle could get wrong — migrations found from dist/, the external packages (better-sqlite3's
  // native addon, Swagger UI's static files) loaded from node_modules, and the signal handlers of src/server.ts
  // reached through the launcher's import.
  it('as npm start runs it (the bundle, through scripts/start.mjs): migrates, serves /healthz and /docs, shuts down cleanly on SIGTERM', { timeout: 60_000 }, async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8', timeout: 45_000 });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'econsec-server-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'econsec.db');
    const { child, port, logs } = await startServer({ DATABASE_PATH: dbPath }, ['scripts/start.mjs']);
    cleanup.push(() => child.kill('SIGKILL'));

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toMatchObject({ status: 'ok', seedVersion: '2026-06-15.1' });
    const docs = await fetch(`http://127.0.0.1:${port}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/docs/static/swagger-ui-bundle.js');
    const asset = await fetch(`http://127.0.0.1:${port}/docs/static/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    // The bundle finds the committed document, whose recorded examples the served one carries.
    const served = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs()).toContain('"msg":"database seeded"');
    expect(logs()).toContain('shut down cleanly');
  });

  it('does not seed twice on a second start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'econsec-server-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'econsec.db');
    for (const expected of ['database seeded', 'database ready']) {
      const { child, logs } = await startServer({ DATABASE_PATH: dbPath });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      await exited;
      expect(logs()).toContain(`"msg":"${expected}"`);
    }
  });
});
