import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { OPENAPI_DOCUMENT_FILE } from '../helpers/openapi-contract.js';
import { createTestApp, sqlRows, type TestContext } from '../helpers/test-app.js';

/**
 * A real client: types generated from the committed document with openapi-typescript, a small openapi-fetch
 * client written against them (tests/client/), type-checked with tsc --strict, then run against the app.
 */
const CLIENT_DIR = new URL('../client/', import.meta.url);
const GENERATED_FILE = new URL('generated/openapi.d.ts', CLIENT_DIR);
const TSCONFIG = fileURLToPath(new URL('tsconfig.json', CLIENT_DIR));
const TYPE_ERRORS_FILE = fileURLToPath(new URL('type-errors.ts', CLIENT_DIR));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * What this test uses of tests/client/econsec-client.ts. The root tsconfig leaves tests/client out (it needs the
 * types this test generates, and has its own tsconfig), so the client is imported by a computed URL, untyped here.
 */
interface ClientModule {
  createEconsecClient(baseUrl: string, apiKey?: string): unknown;
  allStatements(client: unknown, query: Record<string, unknown>): Promise<{ ids: string[]; total: number; links: (string | undefined)[]; cursors: string[] }>;
  revalidate(client: unknown, id: string): Promise<{ title: string; etag: string; status: number; etagAgain: string }>;
  renameStatement(
    client: unknown,
    id: string,
    ifMatch: string,
    titleEn: string,
  ): Promise<{ status: number; title?: string; etag?: string; problem?: { status: number; type: string } }>;
}

/** A whole type-check takes seconds, more while the other test files run alongside. */
const COMPILE_TIMEOUT = 120_000;

let ctx: TestContext;
let baseUrl: string;
let writer: string;
beforeAll(async () => {
  // What a user runs: npx openapi-typescript openapi/openapi.json -o econsec.d.ts (docs/api.md), through the Node API.
  const types = astToString(await openapiTS(pathToFileURL(OPENAPI_DOCUMENT_FILE)));
  mkdirSync(new URL('generated/', CLIENT_DIR), { recursive: true });
  writeFileSync(GENERATED_FILE, `// Generated from openapi/openapi.json by tests/api/generated-client.test.ts (git-ignored).\n${types}`);

  ctx = await createTestApp();
  writer = (await createApiKey(ctx.db, 'generated-client', ['write'])).key;
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
}, COMPILE_TIMEOUT);
afterAll(() => ctx.close());

const loadClient = async () => (await import(new URL('econsec-client.ts', CLIENT_DIR).href)) as ClientModule;

describe('a client generated from the committed document', () => {
  it('type-checks under tsc --strict, and every @ts-expect-error in it meets an error', () => {
    // An @ts-expect-error that meets no error is itself an error (TS2578), so this also fails if a misspelt kind
    // or a PATCH without If-Match compiles.
    const tsc = spawnSync(process.execPath, [TSC, '-p', TSCONFIG, '--noEmit', '--pretty', 'false'], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, COMPILE_TIMEOUT);

  it('refuses each line of type-errors.ts for the reason its comment gives', () => {
    // Without the directives, each marked line must fail, and with a message naming what its comment quotes:
    // an @ts-expect-error would also be satisfied by an unrelated mistake on its line.
    const source = readFileSync(TYPE_ERRORS_FILE, 'utf8');
    const expected = [...source.matchAll(/\/\/ @ts-expect-error -- "([^"]+)"/g)].map((match) => ({
      line: source.slice(0, match.index).split('\n').length + 1,
      quote: match[1]!,
    }));
    expect(expected.map((e) => e.quote)).toEqual(expect.arrayContaining(['joint_statment', 'If-Match']));

    const config = ts.getParsedCommandLineOfConfigFile(TSCONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!config) throw new Error(`cannot read ${TSCONFIG}`);
    const host = ts.createCompilerHost(config.options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => (file === TYPE_ERRORS_FILE ? source.replaceAll('// @ts-expect-error', '//') : readFile(file));
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    const found = ts.getPreEmitDiagnostics(program).map((d) => ({
      file: d.file?.fileName,
      line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : undefined,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    }));
    expect(found.filter((d) => d.file !== TYPE_ERRORS_FILE)).toEqual([]);
    for (const { line, quote } of expected) {
      const onLine = found.filter((d) => d.line === line);
      expect(onLine, `type-errors.ts:${line} should fail, naming "${quote}"`).toHaveLength(1);
      expect(onLine[0]!.message).toContain(quote);
    }
    expect(found).toHaveLength(expected.length);
  }, COMPILE_TIMEOUT);

  it('pages through nextCursor to every statement, with a Link to each next page', async () => {
    const client = await loadClient();
    const pages = await client.allStatements(client.createEconsecClient(baseUrl), { limit: 2, sort: 'date' });
    expect(pages.ids.length).toBe(pages.total);
    expect(new Set(pages.ids).size).toBe(pages.ids.length);
    const live = await sqlRows<{ id: string }>(ctx.db, sql`SELECT id FROM statements WHERE deleted_at IS NULL ORDER BY id`);
    expect([...pages.ids].sort()).toEqual(live.map((row) => row.id));
    expect(pages.links).toHaveLength(Math.ceil(pages.total / 2));
    expect(pages.links.at(-1)).toBeUndefined();
    pages.cursors.forEach((cursor, page) => {
      expect(pages.links[page]).toMatch(/^<\/v1\/statements\?[^>]*>; rel="next"$/);
      expect(pages.links[page]).toContain(`cursor=${cursor}`);
    });
  });

  it('filters by a typed list of kinds', async () => {
    const client = await loadClient();
    const all = await client.allStatements(client.createEconsecClient(baseUrl), { limit: 100 });
    const some = await client.allStatements(client.createEconsecClient(baseUrl), { kind: ['chair_statement', 'news_release'], limit: 100 });
    const kinds = await sqlRows<{ id: string }>(ctx.db, sql`SELECT id FROM statements WHERE deleted_at IS NULL AND kind IN ('chair_statement', 'news_release')`);
    expect(some.total).toBe(kinds.length);
    expect(some.total).toBeGreaterThan(0);
    expect(some.total).toBeLessThan(all.total);
  });

  it('revalidates a statement with its ETag in If-None-Match: 304', async () => {
    const client = await loadClient();
    const [id] = (await client.allStatements(client.createEconsecClient(baseUrl), { limit: 1 })).ids;
    const answer = await client.revalidate(client.createEconsecClient(baseUrl), id!);
    expect(answer.etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(answer.status).toBe(304);
    expect(answer.etagAgain).toBe(answer.etag);
  });

  it('PATCHes with the current ETag in If-Match (200, a new ETag), and a stale one gives 412', async () => {
    const client = await loadClient();
    const api = client.createEconsecClient(baseUrl, writer);
    const id = 'japan-france-summit-2026-04-joint-statement';
    const { etag } = await client.revalidate(api, id);
    const renamed = await client.renameStatement(api, id, etag, 'Renamed by a generated client');
    expect(renamed).toMatchObject({ status: 200, title: 'Renamed by a generated client' });
    expect(renamed.etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(renamed.etag).not.toBe(etag);
    const stale = await client.renameStatement(api, id, etag, 'A lost update');
    expect(stale).toMatchObject({ status: 412, problem: { status: 412, type: '/problems/precondition-failed' } });
  });
});
