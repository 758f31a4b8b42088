import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { assertMatchesOpenApi, checked } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * The exports are backups: what GET /v1/export/statements writes (NDJSON or JSON, in either language), the
 * imports take back, so that export → delete or change → import gives back every answer of /v1/statements.
 */
let ctx: TestContext;
let admin: string;
let writer: string;
beforeAll(async () => {
  ctx = await createTestApp();
  admin = (await createApiKey(ctx.db, 'curator', ['admin'])).key;
  writer = (await createApiKey(ctx.db, 'analyst', ['write'])).key;
});
afterAll(() => ctx.close());

const api = () => request(ctx.app.server);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
type Lang = 'ja' | 'en';
type Counts = { created: number; updated: number; unchanged: number };

/** The body of an export as text (superagent buffers only text/* and JSON by itself), checked against the document. */
async function exportText(url: string): Promise<string> {
  const res = await api()
    .get(url)
    .expect(200)
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const text = (res.body as Buffer).toString('utf8');
  assertMatchesOpenApi({ method: 'GET', path: url, status: res.status, contentType: res.headers['content-type'], text, headers: res.headers });
  return text;
}

/** A /v1 answer without the timestamps, which a restore sets anew (and a problem's request id, new each time). */
const withoutTimestamps = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, v: unknown) => (['createdAt', 'updatedAt', 'requestId'].includes(key) ? undefined : v));

const LISTS = [
  '/v1/statements?limit=100',
  '/v1/statements?limit=100&lang=en',
  '/v1/statements?limit=100&lang=en&sort=title',
  '/v1/statements?limit=100&sort=title&facets=partner,theme,kind',
  '/v1/statements?q=経済的威圧&limit=100',
  '/v1/statements?partner=FR&theme=export-controls&limit=100&lang=en',
];

/** Every list answer and every item, in both languages. */
async function answers(ids: string[]): Promise<Record<string, unknown>> {
  const urls = [...LISTS, ...ids.flatMap((id) => [`/v1/statements/${id}`, `/v1/statements/${id}?lang=en`])];
  const entries = [];
  for (const url of urls) {
    const res = await checked(api().get(url));
    entries.push([url, { status: res.status, body: withoutTimestamps(res.body) }]);
  }
  return Object.fromEntries(entries);
}

/** Deletes two statements and changes a third (its title in the export's language, its highlights and a theme). */
async function damage(ids: string[], lang: Lang): Promise<void> {
  for (const id of ids.slice(0, 2)) await checked(api().delete(`/v1/statements/${id}`).set(bearer(writer)).set('if-match', '*').expect(204));
  const title = lang === 'ja' ? { titleJa: '変更された題名' } : { titleEn: 'A changed title' };
  await checked(
    api().patch(`/v1/statements/${ids[2]}`).set(bearer(writer)).set('if-match', '*').send({ ...title, highlights: [], themes: [] }).expect(200),
  );
}

type Send = (dryRun: boolean) => request.Test;

/** The round trip: the answers, damaged, come back after the import, not after its dry run; a second import changes nothing. */
async function roundTrip(lang: Lang, send: Send): Promise<void> {
  const ids = ((await checked(api().get('/v1/statements?limit=100').expect(200))).body.data as { id: string }[]).map((s) => s.id);
  expect(ids.length).toBeGreaterThan(3);
  const before = await answers(ids);
  await damage(ids, lang);
  const damaged = await answers(ids);
  expect(damaged).not.toEqual(before);

  const dry = await checked(send(true));
  expect(dry.status).toBe(200);
  expect(dry.body.dryRun).toBe(true);
  expect(dry.body.counts.statements as Counts).toEqual({ created: 0, updated: 3, unchanged: ids.length - 3 });
  expect(await answers(ids)).toEqual(damaged);

  const done = await checked(send(false));
  expect(done.status).toBe(200);
  expect(done.body.counts.statements as Counts).toEqual({ created: 0, updated: 3, unchanged: ids.length - 3 });
  const after = await answers(ids);
  for (const url of Object.keys(before)) expect(after[url], url).toEqual(before[url]);

  const again = await checked(send(false));
  expect(again.body.counts.statements as Counts).toEqual({ created: 0, updated: 0, unchanged: ids.length });
}

const importNdjson = (body: string, dryRun = false) =>
  api().post(`/v1/import/statements?dryRun=${dryRun}`).set(bearer(admin)).set('content-type', 'application/x-ndjson').send(body);

describe.each<Lang>(['ja', 'en'])('export → delete → import, lang=%s', (lang) => {
  it('NDJSON: POST /v1/import/statements takes back what the export wrote', async () => {
    const ndjson = await exportText(`/v1/export/statements?format=ndjson&lang=${lang}`);
    await roundTrip(lang, (dryRun) => importNdjson(ndjson, dryRun));
  });

  it('JSON: POST /v1/import takes the statement export ({ meta, data }) as well as dataset.json', async () => {
    const file = JSON.parse(await exportText(`/v1/export/statements?format=json&lang=${lang}`)) as { meta: { lang: string }; data: unknown[] };
    expect(file.meta.lang).toBe(lang);
    await roundTrip(lang, (dryRun) => api().post(`/v1/import?dryRun=${dryRun}`).set(bearer(admin)).send(file));
  });
});

describe('what an exported line cannot say', () => {
  const exportedLine = async (lang: Lang, index = 0) =>
    JSON.parse((await exportText(`/v1/export/statements?format=ndjson&lang=${lang}`)).split('\n')[index]!) as Record<string, unknown> & {
      id: string;
      title: string;
    };

  it('a statement the database does not hold needs the other title: a 422 naming the line and field, then created', async () => {
    const line = { ...(await exportedLine('en')), id: 'copied-from-an-en-export' };
    const refused = await checked(importNdjson(`${JSON.stringify(line)}\n`).expect(422));
    expect(refused.body.errors).toEqual([expect.objectContaining({ name: '/line/1/title', message: expect.stringContaining('add titleJa') })]);
    const created = await checked(importNdjson(`${JSON.stringify({ ...line, titleJa: '英語版からの写し' })}\n`).expect(200));
    expect(created.body.counts.statements).toMatchObject({ created: 1 });
    const ja = (await checked(api().get('/v1/statements/copied-from-an-en-export').expect(200))).body;
    const en = (await checked(api().get('/v1/statements/copied-from-an-en-export?lang=en').expect(200))).body;
    expect([ja.title, en.title]).toEqual(['英語版からの写し', line.title]);
  });

  it('names the export’s fields: an unknown meeting, a label of neither language, a passage off its offsets', async () => {
    const line = await exportedLine('ja');
    const text = line.text as string;
    const bad = [
      { ...line, meeting: { ...(line.meeting as object), id: 'no-such-meeting' } },
      { ...line, kindLabel: 'Communiqué' },
      { ...line, highlights: [{ text: text.slice(1, 4), start: 0, end: 3 }] },
      { ...line, meeting: 'not an object' },
    ];
    const res = await checked(importNdjson(bad.map((l) => JSON.stringify(l)).join('\n')).expect(422));
    const names = (res.body.errors as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['/line/4/meeting']));
    // The shape is checked first (a 422 for it alone); the rules once every line has its shape.
    const rules = await checked(importNdjson(bad.slice(0, 3).map((l) => JSON.stringify(l)).join('\n')).expect(422));
    expect((rules.body.errors as { name: string }[]).map((e) => e.name)).toEqual(['/line/1/meeting/id', '/line/2/kindLabel', '/line/3/highlights/0']);
  });

  it('a broken dataset file is still named field by field, not as a union', async () => {
    const res = await checked(api().post('/v1/import').set(bearer(admin)).send({ version: 'x' }).expect(400));
    const names = (res.body.errors as { name: string }[]).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['/version', '/briefing', '/statements']));
    const exportLike = await checked(api().post('/v1/import').set(bearer(admin)).send({ data: [{ id: 'x' }] }).expect(400));
    expect((exportLike.body.errors as { name: string }[]).map((e) => e.name)).toEqual(expect.arrayContaining(['/data/0/kind', '/data/0/meeting']));
  });
});
