import { sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadSeedDataset } from '../../seeds/index.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { seedDatabase } from '../../src/db/seed.js';
import { csvRecord, joinCsvValues, splitCsvValues } from '../../src/modules/exports/csv.js';
import { csvColumns, statementExportQuerySchema } from '../../src/modules/exports/schemas.js';
import { seedDatasetSchema, type SeedDataset } from '../../src/schemas/seed.js';
import { statementSchema, type Statement } from '../../src/modules/statements/schemas.js';
import { assertMatchesOpenApi, checked, openApiDocument } from '../helpers/openapi-contract.js';
import { closeTestDatabase, createEmptyDatabase, createSeededDatabase, createTestApp, runSql, type TestContext } from '../helpers/test-app.js';

/**
 * GET /v1/export/statements and /v1/export/dataset.json on the seeded in-memory database (where exports
 * share the main connection). Streaming on a file database with a connection of its own, abort and
 * snapshot behaviour are in exports-streaming.test.ts.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const get = (url: string) => request(ctx.app.server).get(url);

/** The body as text whatever its type (superagent only buffers text/* and JSON by itself). */
async function raw(url: string, headers: Record<string, string> = {}): Promise<{ res: Response; text: string; bytes: Buffer }> {
  const res = await get(url)
    .set(headers)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const bytes = res.body as Buffer;
  const text = bytes.toString('utf8');
  // The contract check for any answer: status, content type, and the body's schema for JSON ones.
  assertMatchesOpenApi({ method: 'GET', path: url, status: res.status, contentType: res.headers['content-type'], text, headers: res.headers });
  return { res, text, bytes };
}

const problem = async (url: string) => {
  const res = await checked(get(url).expect(400));
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.body as { type: string; errors: { in: string; name: string; message: string }[] };
};

/** Every item of /v1/statements for this query, page after page. */
async function walkPages(query: string): Promise<Statement[]> {
  const items: Statement[] = [];
  let url: string | null = `/v1/statements?limit=100${query ? `&${query}` : ''}`;
  while (url) {
    const res: Response = await checked(get(url).expect(200));
    items.push(...res.body.data);
    url = res.body.nextCursor ? `/v1/statements?limit=100${query ? `&${query}` : ''}&cursor=${res.body.nextCursor}` : null;
  }
  return items;
}

const jsonExport = async (query = '') => (await checked(get(`/v1/export/statements${query ? `?${query}` : ''}`).expect(200))).body as {
  meta: Record<string, unknown> & { count: number };
  data: Statement[];
};

/** The file name's date is the UTC day of generation: the day the request started or ended. */
function expectDisposition(res: Response, prefix: string, ext: string, before: Date) {
  const days = new Set([before.toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)]);
  const match = /^attachment; filename="(.+)"$/.exec(res.headers['content-disposition'] ?? '');
  expect(match, res.headers['content-disposition']).not.toBeNull();
  const [, name] = match!;
  const day = /^(?:econsec-statements|econsec-dataset)-(\d{4}-\d{2}-\d{2})\.(\w+)$/.exec(name!);
  expect(name!.startsWith(prefix)).toBe(true);
  expect(days.has(day?.[1] ?? '')).toBe(true);
  expect(day?.[2]).toBe(ext);
}

const strictStatement = z.strictObject(statementSchema.shape);
/** As tests/helpers/test-app.ts: no load shedding (a busy test machine lags), generous rate limits. */
const relaxed = () => loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_WRITE_MAX: '1000000000', MAX_EVENT_LOOP_DELAY_MS: '0' });

describe('GET /v1/export/statements?format=json', () => {
  it('is one document with meta and data, as an attachment, matching the OpenAPI document', async () => {
    const before = new Date();
    const res = await checked(get('/v1/export/statements').expect(200));
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expectDisposition(res, 'econsec-statements-', 'json', before);
    const { meta, data } = res.body;
    expect(meta).toMatchObject({
      datasetVersion: { seedVersion: '2026-06-15.1' },
      count: 7,
      lang: 'ja',
      sort: '-date',
      filters: {},
      provenance: [
        {
          briefingId: 'economic-security-policy-2026-06-15',
          title: '経済安全保障政策',
          date: '2026-06-15',
          issuer: '貿易経済安全保障局総務課',
          sourceFile: '000_98cf546138f55289.txt',
          citation: '(資料) 各省プレスリリースより作成',
        },
      ],
    });
    expect(meta.provenance[0].sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(meta.generatedAt)).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(meta.datasetVersion.lastModified).toMatch(/Z$/);
    expect(meta.attribution).toContain('経済安全保障政策');
    expect(data).toHaveLength(7);
    for (const item of data) strictStatement.parse(item);
  });

  it('holds exactly the items, in the same order and shape, that paging through /v1/statements returns', async () => {
    for (const query of ['', 'sort=date', 'sort=title&lang=en', 'sort=-updatedAt', 'partner=FR', 'q=重要鉱物&sort=relevance']) {
      const { meta, data } = await jsonExport(query);
      const paged = await walkPages(query);
      // List items carry `match` when searching; the export holds plain Statement objects.
      expect(data, query).toEqual(paged.map(({ match: _match, ...item }: Statement & { match?: unknown }) => item));
      expect(meta.count, query).toBe(paged.length);
    }
  });

  it('labels in English with lang=en (or Accept-Language), with an English attribution', async () => {
    const { meta, data } = await jsonExport('lang=en');
    expect(meta.lang).toBe('en');
    expect(data[0]!.kindLabel).toBe("Chair's statement");
    expect(meta.attribution).toMatch(/^Statement texts are quoted verbatim, in Japanese, from “Economic Security Policy”/);
    expect(meta.attribution).toContain('translations by econsec-api');
    const negotiated = await checked(get('/v1/export/statements').set('accept-language', 'en-GB,en;q=0.9').expect(200));
    expect(negotiated.headers['content-language']).toBe('en');
    expect(negotiated.body.data[0].kindLabel).toBe("Chair's statement");
  });

  it('echoes the filters as parsed', async () => {
    const { meta } = await jsonExport('partner=fr,us&theme=export-controls&from=2026-03-01&updatedSince=2020-01-01T09:00:00%2B09:00');
    expect(meta.filters).toEqual({ partner: ['FR', 'US'], theme: ['export-controls'], from: '2026-03-01', updatedSince: '2020-01-01T00:00:00.000Z' });
  });
});

describe('GET /v1/export/statements?format=ndjson', () => {
  it('is one Statement per line, every line parsing and validating', async () => {
    const before = new Date();
    const { res, text } = await raw('/v1/export/statements?format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expectDisposition(res, 'econsec-statements-', 'ndjson', before);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(7);
    const items = lines.map((line) => strictStatement.parse(JSON.parse(line)));
    expect(items).toEqual((await jsonExport()).data);
  });

  it('applies the filters', async () => {
    const ids = async (query: string) =>
      (await raw(`/v1/export/statements?format=ndjson&${query}`)).text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as Statement).id);
    const listed = async (query: string) => (await walkPages(query)).map((s) => s.id);
    for (const query of [
      'partner=FR',
      'partner=FR&partnerMatch=direct',
      'theme=critical-minerals',
      'kind=news_release,chair_statement',
      'meetingKind=summit',
      'representative=赤澤大臣',
      'from=2026-05-01&to=2026-05-31',
      'q=経済的威圧',
      'q=重要鉱物 -輸出規制',
    ]) {
      expect(await ids(query), query).toEqual(await listed(query));
    }
    expect(await ids('partner=FR&partnerMatch=direct')).toEqual(['japan-france-summit-2026-04-joint-statement']);
    expect(await ids('from=2027-01-01')).toEqual([]);
  });
});

describe('GET /v1/export/statements?format=csv', () => {
  type Row = Record<(typeof csvColumns)[number], string>;
  const rowsOf = (text: string, bom = false) => parseCsv(text, { columns: true, bom, relax_column_count: false }) as Row[];

  it('is RFC 4180 CSV with a header row and CRLF line ends, as an attachment', async () => {
    const before = new Date();
    const { res, text, bytes } = await raw('/v1/export/statements?format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expectDisposition(res, 'econsec-statements-', 'csv', before);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(text.split('\r\n')[0]).toBe(csvColumns.join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break is a CRLF: the bodies hold none of their own.
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  for (const lang of ['ja', 'en'] as const) {
    it(`parses back with csv-parse to the values of the JSON export (lang=${lang})`, async () => {
      const rows = rowsOf((await raw(`/v1/export/statements?format=csv&lang=${lang}`)).text);
      const { data } = await jsonExport(`lang=${lang}`);
      expect(rows).toHaveLength(data.length);
      const list = (cell: string) => (cell === '' ? [] : cell.split(';'));
      data.forEach((s, i) => {
        const r = rows[i]!;
        expect(Object.keys(r)).toEqual([...csvColumns]);
        expect(r).toMatchObject({
          id: s.id,
          date: s.date,
          kind: s.kind,
          kind_label: s.kindLabel,
          title: s.title,
          meeting_id: s.meeting.id,
          meeting_name: s.meeting.name,
          meeting_kind: s.meeting.kind,
          meeting_start_date: s.meeting.startDate,
          meeting_end_date: s.meeting.endDate,
          representative: s.meeting.representative ?? '',
          text: s.text,
          source_line: String(s.provenance.sourceLine ?? ''),
          citation: s.provenance.citation ?? '',
          source_url: s.provenance.sourceUrl ?? '',
          source_title: s.provenance.sourceTitle ?? '',
          created_at: s.createdAt,
          updated_at: s.updatedAt,
        });
        expect(list(r.partner_codes)).toEqual(s.partners.map((p) => p.code));
        expect(list(r.partner_names)).toEqual(s.partners.map((p) => p.name));
        expect(list(r.theme_ids)).toEqual(s.themes.map((th) => th.id));
        expect(list(r.theme_labels)).toEqual(s.themes.map((th) => th.label));
        expect(list(r.highlights)).toEqual(s.highlights.map((h) => h.text));
      });
      if (lang === 'en') expect(rows.find((r) => r.partner_codes === 'FR')?.partner_names).toBe('France');
    });
  }

  it('starts with a UTF-8 byte-order mark with bom=true, and still parses', async () => {
    const { bytes, text } = await raw('/v1/export/statements?format=csv&bom=true');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(text, true);
    expect(Object.keys(rows[0]!)[0]).toBe('id');
    expect(rows).toHaveLength(7);
    const plain = await raw('/v1/export/statements?format=csv&bom=false');
    expect(plain.bytes[0]).toBe('i'.charCodeAt(0));
  });
});

describe('the CSV writer', () => {
  it('quotes commas, quotes, line breaks and edge spaces so that a real parser gets the same values back', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' padded ', '"', '', '日本,語「引用」\n改行', '=1+1'];
    const parsed = parseCsv(csvRecord(values) + csvRecord(['x', null, 3]), { relax_column_count: true }) as string[][];
    expect(parsed[0]).toEqual(values);
    expect(parsed[1]).toEqual(['x', '', '3']);
  });

  it('round-trips any values, multi-valued cells included (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), fc.array(fc.array(text.filter((v) => v !== ''), { maxLength: 4 }), { maxLength: 3 }), (plain, lists) => {
        const record = [...plain, ...lists.map(joinCsvValues)];
        const [parsed] = parseCsv(csvRecord(record), { relax_quotes: false }) as string[][];
        expect(parsed).toEqual(record);
        lists.forEach((list, i) => expect(splitCsvValues(parsed![plain.length + i]!)).toEqual(list));
      }),
      { numRuns: 300 },
    );
    expect(joinCsvValues(['a;b', 'c\\d'])).toBe('a\\;b;c\\\\d');
    expect(splitCsvValues('a\\;b;c\\\\d')).toEqual(['a;b', 'c\\d']);
  });
});

describe('export parameters', () => {
  it('are the list filters, plus format, bom, sort and lang, and reject anything else with a 400 problem', async () => {
    const listParameters = Object.keys(statementExportQuerySchema.shape);
    expect(listParameters).toEqual(expect.arrayContaining(['q', 'partner', 'theme', 'from', 'to', 'format', 'bom', 'sort', 'lang']));

    expect((await problem('/v1/export/statements?format=xml')).errors).toEqual([expect.objectContaining({ in: 'query', name: 'format' })]);
    expect((await problem('/v1/export/statements?limit=10')).errors).toEqual([{ in: 'query', name: 'limit', message: 'unknown query parameter' }]);
    expect((await problem('/v1/export/statements?cursor=abc')).errors).toEqual([expect.objectContaining({ name: 'cursor' })]);
    expect((await problem('/v1/export/statements?bom=true')).errors).toEqual([{ in: 'query', name: 'bom', message: 'applies to format=csv only' }]);
    expect((await problem('/v1/export/statements?format=csv&bom=yes')).errors).toEqual([{ in: 'query', name: 'bom', message: 'must be true or false' }]);
    expect((await problem('/v1/export/statements?partner=FRA')).errors).toEqual([expect.objectContaining({ name: 'partner', message: expect.stringContaining('FRA') })]);
    expect((await problem('/v1/export/statements?sort=-relevance&q=鉱物')).errors).toEqual([expect.objectContaining({ name: 'sort' })]);
    expect((await problem('/v1/export/statements?sort=relevance')).errors).toEqual([expect.objectContaining({ name: 'sort' })]);
    expect((await problem('/v1/export/statements?from=2026-06-01&to=2026-05-01')).errors).toEqual([expect.objectContaining({ name: 'to' })]);
    expect((await problem('/v1/export/dataset.json?lang=en')).errors).toEqual([{ in: 'query', name: 'lang', message: 'unknown query parameter' }]);
    expect((await problem('/v1/export/dataset.json?briefing=no-such-briefing')).errors).toEqual([expect.objectContaining({ name: 'briefing' })]);
  });

  it('are all in the OpenAPI document, with a response per status and content type', () => {
    const doc = openApiDocument() as unknown as {
      paths: Record<string, { get: { parameters: { name?: string; in?: string; $ref?: string }[]; responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const statements = doc.paths['/v1/export/statements']!.get;
    const query = (parameters: { name?: string; in?: string }[]) => parameters.filter((p) => p.in === 'query').map((p) => p.name);
    expect(query(statements.parameters).sort()).toEqual(Object.keys(statementExportQuerySchema.shape).sort());
    // The rest are the request headers, declared once as components (src/platform/openapi-headers.ts).
    const headers = statements.parameters.filter((p) => p.in !== 'query').map((p) => p.$ref);
    expect(headers).toEqual(expect.arrayContaining(['#/components/parameters/IfNoneMatch', '#/components/parameters/AcceptLanguage']));
    expect(Object.keys(statements.responses)).toEqual(expect.arrayContaining(['200', '304', '400']));
    expect(Object.keys(statements.responses['200']!.content!).sort()).toEqual(['application/json', 'application/x-ndjson', 'text/csv']);
    expect(Object.keys(statements.responses['400']!.content!)).toEqual(['application/problem+json']);
    const dataset = doc.paths['/v1/export/dataset.json']!.get;
    expect(query(dataset.parameters)).toEqual(['briefing']);
    expect(Object.keys(dataset.responses)).toEqual(expect.arrayContaining(['200', '304', '400']));
  });
});

describe('caching', () => {
  it('gives a weak ETag and answers 304 to If-None-Match (weak or strong form) and If-Modified-Since', async () => {
    const first = await raw('/v1/export/statements?format=csv&partner=FR');
    const etag = first.res.headers.etag!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.res.headers['cache-control']).toBe('public, max-age=60');
    expect(first.res.headers['last-modified']).toBeTruthy();
    expect(first.res.headers.vary).toContain('Accept-Language');

    const again = await checked(get('/v1/export/statements?format=csv&partner=FR').set('if-none-match', etag).expect(304));
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    await checked(get('/v1/export/statements?format=csv&partner=FR').set('if-none-match', `"x", ${etag.slice(2)}`).expect(304));
    await checked(get('/v1/export/statements?format=csv&partner=FR').set('if-modified-since', first.res.headers['last-modified']!).expect(304));
    // A validator of another query does not match.
    await checked(get('/v1/export/statements?format=ndjson&partner=FR').set('if-none-match', etag).expect(200));
  });

  it('derives the ETag from the query as parsed: the same for equivalent queries, different for another format or language', async () => {
    const etag = async (url: string, headers: Record<string, string> = {}) => (await raw(url, headers)).res.headers.etag;
    const base = await etag('/v1/export/statements?partner=FR,US');
    expect(await etag('/v1/export/statements?partner=us&partner=fr')).toBe(base);
    expect(await etag('/v1/export/statements?partner=FR,US&format=json&lang=ja')).toBe(base);
    expect(await etag('/v1/export/statements?partner=FR,US&lang=en')).not.toBe(base);
    expect(await etag('/v1/export/statements?partner=FR,US', { 'accept-language': 'en' })).not.toBe(base);
    expect(await etag('/v1/export/statements?partner=FR,US&format=ndjson')).not.toBe(base);
    expect(await etag('/v1/export/statements?partner=FR')).not.toBe(base);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await request(ctx.app.server).head('/v1/export/statements?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="econsec-statements-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.etag).toMatch(/^W\//);
    expect(res.text ?? '').toBe('');
  });

  it('exposes Content-Disposition to browsers (CORS)', async () => {
    const res = await raw('/v1/export/statements?format=ndjson', { origin: 'https://dash.example' });
    expect(res.res.headers['access-control-expose-headers']).toContain('Content-Disposition');
  });
});

/** Arrays whose order carries no meaning, sorted; everything else as it is. */
function normalizeDataset(dataset: SeedDataset) {
  const byKey = <T>(items: T[], key: (item: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    ...dataset,
    partners: byKey(dataset.partners, (p) => p.code),
    memberships: byKey(dataset.memberships, (m) => `${m.groupCode}/${m.memberCode}`),
    themes: byKey(dataset.themes, (th) => th.id),
    meetings: byKey(dataset.meetings, (m) => m.id).map((m) => ({ ...m, partnerCodes: [...m.partnerCodes].sort() })),
    statements: byKey(dataset.statements, (s) => s.id).map((s) => ({
      ...s,
      partnerCodes: [...s.partnerCodes].sort(),
      themes: byKey(s.themes, (th) => th.themeId),
    })),
  };
}

/** A /v1 answer without the timestamps, which a re-import sets anew. */
function withoutTimestamps(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === 'createdAt' || key === 'updatedAt' ? undefined : v));
}

describe('GET /v1/export/dataset.json', () => {
  it('holds every resource with its relations in the seed shape: exactly the transcribed seed', async () => {
    const before = new Date();
    const res = await checked(get('/v1/export/dataset.json').expect(200));
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expectDisposition(res, 'econsec-dataset-', 'json', before);
    const { meta, ...rest } = res.body;
    expect(meta).toMatchObject({
      format: 'econsec-seed',
      briefingId: 'economic-security-policy-2026-06-15',
      briefingIds: ['economic-security-policy-2026-06-15'],
      counts: { partners: 8, memberships: 11, themes: 14, meetings: 7, statements: 7 },
      omitted: { statementsOutsideBriefing: 0, deleted: { statements: 0, meetings: 0, partners: 0, themes: 0 } },
    });
    const dataset = seedDatasetSchema.parse(rest);
    expect(normalizeDataset(dataset)).toEqual(normalizeDataset(loadSeedDataset()));
  });

  it('round-trips: loaded into a fresh database, it gives the same /v1 answers', async () => {
    const { meta: _meta, ...rest } = (await checked(get('/v1/export/dataset.json').expect(200))).body;
    const db = await createEmptyDatabase();
    const result = await seedDatabase(db, seedDatasetSchema.parse(rest));
    expect(result.applied).toBe(true);
    const copy = await buildApp({ config: relaxed(), db });
    try {
      for (const url of [
        '/v1/statements?limit=100',
        '/v1/statements?limit=100&lang=en&sort=title',
        '/v1/meetings?limit=100',
        '/v1/partners?limit=100',
        '/v1/themes?limit=100',
        '/v1/briefings/economic-security-policy-2026-06-15',
        '/v1/statements?q=経済的威圧&limit=100',
      ]) {
        const original = await checked(get(url).expect(200));
        const restored = await checked(request(copy.server).get(url).expect(200));
        expect(withoutTimestamps(restored.body), url).toEqual(withoutTimestamps(original.body));
      }
      // And its own export is the same file again, but for the generation time.
      const again = await checked(request(copy.server).get('/v1/export/dataset.json').expect(200));
      const { meta: againMeta, ...againRest } = again.body;
      expect(againRest).toEqual(rest);
      expect(againMeta.counts).toEqual(_meta.counts);
    } finally {
      await copy.close();
      await closeTestDatabase(db);
    }
  });

  it('asks which briefing when the database holds several, and each file is a complete seed', async () => {
    const db = await createSeededDatabase();
    await runSql(
      db,
      sql`INSERT INTO briefings (id, title_ja, title_en, date, issuer_ja, issuer_en, source_file, source_sha256, statements_section_title_ja)
          SELECT 'second-briefing', title_ja, title_en, '2026-07-01', issuer_ja, issuer_en, source_file, source_sha256, statements_section_title_ja FROM briefings`,
    );
    const app = await buildApp({ config: relaxed(), db });
    try {
      const res = await checked(request(app.server).get('/v1/export/dataset.json').expect(400));
      expect(res.body.errors).toEqual([expect.objectContaining({ name: 'briefing', message: expect.stringContaining('second-briefing') })]);
      const chosen = await checked(request(app.server).get('/v1/export/dataset.json?briefing=economic-security-policy-2026-06-15').expect(200));
      expect(chosen.body.meta.briefingIds).toEqual(['economic-security-policy-2026-06-15', 'second-briefing']);
      expect(chosen.body.statements).toHaveLength(7);
    } finally {
      await app.close();
      await closeTestDatabase(db);
    }
  });

  it('leaves out soft-deleted rows and says so; keeps statements that have a source of their own', async () => {
    const db = await createSeededDatabase();
    await runSql(db, sql`UPDATE statements SET deleted_at = '2026-11-26T00:00:00.000Z' WHERE id = 'japan-us-summit-2026-03-news-release'`);
    // A statement as the write API adds it: no briefing, its own source.
    await runSql(
      db,
      sql`INSERT INTO statements (id, meeting_id, kind, date, title_ja, title_en, text, source_url, source_title)
          VALUES ('own-source-statement', 'japan-france-summit-2026-04', 'news_release', '2026-04-01', '独自', 'Own', '重要鉱物の協力を確認した。', 'https://example.org/release', 'Release')`,
    );
    await runSql(db, sql`INSERT INTO statement_paragraphs (statement_id, position, start_offset, end_offset, text) VALUES ('own-source-statement', 1, 0, 13, '重要鉱物の協力を確認した。')`);
    await runSql(db, sql`INSERT INTO statement_partners (statement_id, partner_code) VALUES ('own-source-statement', 'FR')`);
    await runSql(db, sql`INSERT INTO statement_themes (statement_id, theme_id) VALUES ('own-source-statement', 'critical-minerals')`);
    await runSql(
      db,
      sql`INSERT INTO statement_theme_evidence (statement_id, theme_id, position, start_offset, end_offset, text) VALUES ('own-source-statement', 'critical-minerals', 1, 0, 4, '重要鉱物')`,
    );
    const app = await buildApp({ config: relaxed(), db });
    try {
      const { meta, ...rest } = (await checked(request(app.server).get('/v1/export/dataset.json').expect(200))).body;
      expect(meta.omitted.deleted.statements).toBe(1);
      expect(meta.counts.statements).toBe(7);
      const dataset = seedDatasetSchema.parse(rest);
      expect(dataset.statements.map((s) => s.id)).not.toContain('japan-us-summit-2026-03-news-release');
      expect(dataset.statements.find((s) => s.id === 'own-source-statement')).toMatchObject({
        citedSourceId: null,
        sourceHeadingJa: null,
        sourceUrl: 'https://example.org/release',
        sourceTitle: 'Release',
      });
      // The statement export does not show the deleted one either (statementWhere hides it).
      const exported = await checked(request(app.server).get('/v1/export/statements').expect(200));
      expect(exported.body.data.map((s: Statement) => s.id)).not.toContain('japan-us-summit-2026-03-news-release');
      expect(exported.body.meta.count).toBe(7);
    } finally {
      await app.close();
      await closeTestDatabase(db);
    }
  });
});
