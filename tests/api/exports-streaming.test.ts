import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedDataset } from '../../seeds/index.js';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { closeDatabase, migrateDatabase, openDatabase, type AppDatabase } from '../../src/db/sqlite/client.js';
import { attachEngine, engineOf } from '../../src/db/engine.js';
import { sqliteEngine } from '../../src/db/sqlite/engine.js';
import { openReadOnlyDatabase } from '../../src/db/sqlite/read-connection.js';
import { seedDatabase } from '../../src/db/seed.js';
import { insertSyntheticCorpus } from '../../bench/synthetic-corpus.js';
import { statementExportBody } from '../../src/modules/exports/statement-export.js';
import { statementExportQuerySchema } from '../../src/modules/exports/schemas.js';
import { seedDatasetSchema } from '../../src/schemas/seed.js';
import type { Statement } from '../../src/modules/statements/schemas.js';
import { assertMatchesOpenApi } from '../helpers/openapi-contract.js';
import { createSeededDatabase } from '../helpers/test-app.js';

/**
 * Exports as the server runs them: a database file holding the briefing and a few thousand synthetic
 * statements, each export reading through a read-only connection of its own. Checks that exports stream
 * without holding up other requests, read one snapshot, release their connection at the end and when the
 * client goes away, and that the command-line tool writes the same bytes.
 */
const SYNTHETIC = 1200;
/** Generous: these tests move megabytes, and a shared CI machine can be slow. */
const SLOW = { timeout: 180_000 };
/** As tests/helpers/test-app.ts: no load shedding (a busy test machine lags), generous rate limits. */
const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_WRITE_MAX: '1000000000', MAX_EVENT_LOOP_DELAY_MS: '0' });
let dir: string;
let path: string;
let db: AppDatabase;
let app: App;
let base: string;
const readConnections: AppDatabase[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'econsec-export-'));
  path = join(dir, 'econsec.db');
  db = await createSeededDatabase(path);
  insertSyntheticCorpus(db, loadSeedDataset(), { statements: SYNTHETIC, seed: 7 });
  // The engine opens the exports' read connections as usual; these are kept to see that each is closed.
  attachEngine(
    db,
    sqliteEngine(db, {
      openReader: () => {
        const connection = openReadOnlyDatabase(path);
        readConnections.push(connection);
        return connection;
      },
    }),
  );
  app = await buildApp({ config, db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
}, 180_000);

afterAll(async () => {
  await app.close();
  closeDatabase(db);
  readConnections.forEach(closeDatabase);
  rmSync(dir, { recursive: true, force: true });
});

const TOTAL = SYNTHETIC + 7;
const openConnections = () => readConnections.filter((connection) => connection.$client.open).length;

async function text(url: string): Promise<{ res: globalThis.Response; body: string }> {
  const res = await fetch(`${base}${url}`);
  // Decoded as is: Response.text() would drop a byte-order mark.
  const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  assertMatchesOpenApi({ method: 'GET', path: url, status: res.status, contentType: res.headers.get('content-type') ?? undefined, text: body, headers: res.headers });
  return { res, body };
}

async function walkPages(query = ''): Promise<Statement[]> {
  const items: Statement[] = [];
  let cursor: string | null = null;
  do {
    const res: globalThis.Response = await fetch(`${base}/v1/statements?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`);
    const page = (await res.json()) as { data: Statement[]; nextCursor: string | null };
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const ndjson = (body: string) => body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Statement);

describe('exports of a thousand statements, on a connection of their own', SLOW, () => {
  it('hold exactly the items that paging through /v1/statements returns, in every format', async () => {
    const paged = await walkPages();
    expect(paged).toHaveLength(TOTAL);
    const json = JSON.parse((await text('/v1/export/statements')).body) as { meta: { count: number }; data: Statement[] };
    expect(json.meta.count).toBe(TOTAL);
    expect(json.data).toEqual(paged);
    const lines = ndjson((await text('/v1/export/statements?format=ndjson')).body);
    expect(lines.map((s) => s.id)).toEqual(paged.map((s) => s.id));
    const csvIds = (await text('/v1/export/statements?format=csv')).body
      .split('\r\n')
      .slice(1, -1)
      .map((row) => row.slice(0, row.indexOf(',')));
    expect(csvIds).toEqual(paged.map((s) => s.id));
    // The synthetic passages are exact substrings at their offsets.
    for (const s of lines) {
      for (const p of [...s.highlights, ...s.paragraphs, ...s.themes.flatMap((th) => th.evidence)]) expect(s.text.slice(p.start, p.end)).toBe(p.text);
    }
  });

  it('in other orders and with filters too', async () => {
    for (const query of ['&sort=title&lang=en', '&sort=date', '&partner=FR&from=2024-01-01', '&q=重要鉱物&sort=relevance']) {
      const exported = ndjson((await text(`/v1/export/statements?format=ndjson${query}`)).body).map((s) => s.id);
      const paged = (await walkPages(query)).map((s) => s.id);
      expect(exported, query).toEqual(paged);
      expect(exported.length, query).toBeGreaterThan(0);
    }
  });

  it('follow the order of paging across many id batches and chunks too (keyset and relevance continuations)', async () => {
    // Over HTTP a batch of ids holds 2000: small fixed sizes make this corpus take a dozen batches.
    const run = async (query: Record<string, string>) => {
      const { format: _format, bom: _bom, sort = '-date', lang = 'ja', ...filters } = statementExportQuerySchema.parse(query);
      let body = '';
      for await (const piece of statementExportBody({
        db,
        filters,
        sort,
        lang,
        format: 'ndjson',
        bom: false,
        generatedAt: new Date(),
        chunkSize: 97,
      })) {
        body += piece;
      }
      return ndjson(body).map((s) => s.id);
    };
    for (const [query, list] of [
      [{}, ''],
      [{ sort: 'title', lang: 'en' }, '&sort=title&lang=en'],
      [{ sort: 'updatedAt' }, '&sort=updatedAt'],
      [{ q: '経済安全保障', sort: 'relevance' }, `&q=${encodeURIComponent('経済安全保障')}&sort=relevance`],
    ] as const) {
      const exported = await run(query);
      expect(exported, list).toEqual((await walkPages(list)).map((s) => s.id));
      expect(exported.length, list).toBeGreaterThan(97 * 2);
    }
  });

  it('open one read connection per export and close it at the end; HEAD and 304 open none', async () => {
    const before = readConnections.length;
    const { res } = await text('/v1/export/statements?format=csv&partner=AU');
    expect(readConnections.length).toBe(before + 1);
    expect(openConnections()).toBe(0);
    await fetch(`${base}/v1/export/statements?format=csv&partner=AU`, { method: 'HEAD' });
    const notModified = await fetch(`${base}/v1/export/statements?format=csv&partner=AU`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(notModified.status).toBe(304);
    expect(readConnections.length).toBe(before + 1);
  });

  it('let other requests through while they stream', async () => {
    const res = await fetch(`${base}/v1/export/statements?format=json&lang=en`);
    // The export has started (its headers are here); it cannot have finished: the body is megabytes long.
    const exportDone = (async () => {
      const body = await res.text();
      return { at: performance.now(), length: body.length };
    })();
    const healthDone = fetch(`${base}/healthz`).then(async (r) => {
      expect(r.status).toBe(200);
      await r.text();
      return performance.now();
    });
    const [exported, health] = await Promise.all([exportDone, healthDone]);
    expect(exported.length).toBeGreaterThan(1_000_000);
    expect(health).toBeLessThan(exported.at);
  });

  /**
   * Starts a JSON export, and when its first bytes arrive (the header and the first rows are read; the oldest
   * statements come last) retitles and soft-deletes the 50 oldest statements on the main connection, then
   * reads the rest.
   */
  async function exportWhileChanging(server: string): Promise<{ document: { meta: { count: number }; data: Statement[] }; changed: Map<string, string> }> {
    const rows = db.$client.prepare('SELECT id, title_ja AS title FROM statements ORDER BY date, id LIMIT 50').all() as { id: string; title: string }[];
    const changed = new Map(rows.map((row) => [row.id, row.title]));
    const placeholders = rows.map(() => '?').join(',');
    const chunks: Buffer[] = [];
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const request = httpGet(`${server}/v1/export/statements`, (response) => {
          response.once('data', (chunk: Buffer) => {
            chunks.push(chunk);
            db.$client
              .prepare(`UPDATE statements SET title_ja = title_ja || '（改）', deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id IN (${placeholders})`)
              .run(...changed.keys());
            response.on('data', (more: Buffer) => chunks.push(more));
            response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          });
        });
        request.on('error', reject);
      });
      return { document: JSON.parse(body) as { meta: { count: number }; data: Statement[] }, changed };
    } finally {
      const restore = db.$client.prepare('UPDATE statements SET title_ja = ?, deleted_at = NULL WHERE id = ?');
      for (const [id, title] of changed) restore.run(title, id);
    }
  }

  it('read one snapshot: rows changed or deleted while an export runs are in it as they were, and meta.count matches', async () => {
    const { document, changed } = await exportWhileChanging(base);
    expect(document.meta.count).toBe(TOTAL);
    expect(document.data).toHaveLength(TOTAL);
    const tail = document.data.slice(-changed.size);
    expect(tail.map((s) => [s.id, s.title]).sort()).toEqual([...changed].sort());
    expect(openConnections()).toBe(0);

    // The control: on the shared connection (what :memory: gets) each chunk sees the data of its moment, so
    // the same changes, made before the export reaches those rows, show in it (retitled, or gone).
    // An engine without a reader of its own, as openDatabase gives :memory:, for the time of the control.
    const dedicated = engineOf(db);
    attachEngine(db, sqliteEngine(db));
    const shared = await buildApp({ config, db });
    await shared.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = shared.server.address() as { port: number };
      const control = await exportWhileChanging(`http://127.0.0.1:${address.port}`);
      const asBefore = control.document.data.filter((s) => control.changed.get(s.id) === s.title);
      expect(asBefore).toEqual([]);
    } finally {
      await shared.close();
      attachEngine(db, dedicated);
    }
  });

  it('release the connection when the client disconnects mid-export, and the server carries on', async () => {
    const before = readConnections.length;
    for (const format of ['json', 'ndjson', 'csv']) {
      await new Promise<void>((resolve, reject) => {
        const request = httpGet(`${base}/v1/export/statements?format=${format}`, (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve() : reject(err)));
      });
    }
    expect(readConnections.length).toBe(before + 3);
    const deadline = Date.now() + 10_000;
    while (openConnections() > 0 && Date.now() < deadline) await sleep(20);
    expect(openConnections()).toBe(0);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(ndjson((await text('/v1/export/statements?format=ndjson')).body)).toHaveLength(TOTAL);
  });

  it('dataset.json holds the whole corpus in the seed shape, and loads into a fresh database', async () => {
    const { res, body } = await text('/v1/export/dataset.json');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { meta, ...rest } = JSON.parse(body) as { meta: { counts: { statements: number; meetings: number } } } & Record<string, unknown>;
    expect(meta.counts.statements).toBe(TOTAL);
    const dataset = seedDatasetSchema.parse(rest);
    expect(dataset.statements).toHaveLength(TOTAL);
    expect(dataset.meetings).toHaveLength(meta.counts.meetings);

    const copy = openDatabase(':memory:');
    migrateDatabase(copy);
    await seedDatabase(copy, dataset);
    const copyApp = await buildApp({ config, db: copy });
    try {
      const strip = (value: unknown) => JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'createdAt' || key === 'updatedAt' ? undefined : v));
      for (const url of ['/v1/statements?limit=100', '/v1/statements?limit=100&sort=date&partner=US', '/v1/meetings?limit=100']) {
        const original = await (await fetch(`${base}${url}`)).json();
        const restored = (await copyApp.inject({ method: 'GET', url })).json();
        expect(strip(restored), url).toEqual(strip(original));
      }
    } finally {
      await copyApp.close();
      closeDatabase(copy);
    }
  });
});

describe('npm run export', SLOW, () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: path, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
    });

  it('writes the same export as the API, with the filters as flags', async () => {
    const out = join(dir, 'statements.ndjson');
    const run = cli('--format', 'ndjson', '--partner', 'FR', '--from', '2025-01-01', '--out', out);
    expect(run.stderr).toContain(`wrote ${out}`);
    expect(run.status).toBe(0);
    const api = (await text('/v1/export/statements?format=ndjson&partner=FR&from=2025-01-01')).body;
    expect(readFileSync(out, 'utf8')).toBe(api);

    const csv = cli('--format=csv', '--bom', '--theme', 'export-controls', '--theme', 'rare-earths', '--lang', 'en');
    expect(csv.status).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFid,date,kind')).toBe(true);
    expect(csv.stdout).toBe((await text('/v1/export/statements?format=csv&bom=true&theme=export-controls,rare-earths&lang=en')).body);
  });

  it('writes dataset.json with --dataset', async () => {
    const run = cli('--dataset', '--out', '-');
    expect(run.status).toBe(0);
    const { meta, ...rest } = JSON.parse(run.stdout) as { meta: { format: string } };
    expect(meta.format).toBe('econsec-seed');
    expect(seedDatasetSchema.parse(rest).statements).toHaveLength(TOTAL);
  });

  it('refuses a bad flag with a message naming it, exit code 1', () => {
    const unknown = cli('--parter', 'FR');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('--parter: unknown flag');
    const badValue = cli('--format', 'xml');
    expect(badValue.status).toBe(1);
    expect(badValue.stderr).toMatch(/^--format: /m);
    const unknownCode = cli('--partner', 'FRA', '--out', join(dir, 'never.json'));
    expect(unknownCode.status).toBe(1);
    expect(unknownCode.stderr).toContain('--partner: unknown partner code FRA');
    expect(() => readFileSync(join(dir, 'never.json'))).toThrow();
    const missing = cli('--partner');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--partner: needs a value');
  });
});
