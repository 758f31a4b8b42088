import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedDataset } from '../../seeds/index.js';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { seedDatabase } from '../../src/db/seed.js';
import { checked } from '../helpers/openapi-contract.js';
import { createTestApp, runSql, sqlRows, type TestContext } from '../helpers/test-app.js';

/** The curation API: keys, validated writes, If-Match, history, soft delete and restore, import. */
let ctx: TestContext;
let writer: string;
let admin: string;
let reader: string;
beforeAll(async () => {
  ctx = await createTestApp();
  writer = (await createApiKey(ctx.db, 'analyst', ['write'])).key;
  admin = (await createApiKey(ctx.db, 'curator', ['admin'])).key;
  reader = (await createApiKey(ctx.db, 'dashboard', ['read'])).key;
});
afterAll(() => ctx.close());

const api = () => request(ctx.app.server);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const etagOf = async (path: string) => (await checked(api().get(path).expect(200))).headers.etag as string;
const count = async (table: string) => (await sqlRows<{ n: number }>(ctx.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`))[0]!.n;

const newStatement = {
  meetingId: 'japan-france-summit-2026-04',
  kind: 'joint_statement',
  date: '2026-04-01',
  titleJa: '日仏経済安全保障協力',
  titleEn: 'Japan-France economic security cooperation',
  text: '両首脳は、重要鉱物の供給源多角化に向けた協力を確認した。 両首脳は、経済的威圧に共に対処する。',
  paragraphs: [{ text: '両首脳は、重要鉱物の供給源多角化に向けた協力を確認した。' }, { text: '両首脳は、経済的威圧に共に対処する。' }],
  highlights: [{ text: '重要鉱物の供給源多角化' }, { text: '経済的威圧に共に対処する' }],
  partners: ['FR'],
  themes: [
    { themeId: 'critical-minerals', evidence: [{ text: '重要鉱物' }] },
    { themeId: 'economic-coercion', evidence: [{ text: '経済的威圧' }] },
  ],
  source: { url: 'https://www.mofa.go.jp/press/example', title: 'MOFA press release' },
};

describe('API keys', () => {
  it('401 without a key, with WWW-Authenticate: Bearer', async () => {
    const res = await checked(api().post('/v1/themes').send({}).expect(401));
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="econsec-api"$/);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('401 for a malformed, unknown or revoked key', async () => {
    for (const header of ['Basic abc', 'Bearer', 'Bearer esk_0000000000000000_' + 'a'.repeat(43), `Bearer ${writer}x`]) {
      const res = await checked(api().post('/v1/themes').set('authorization', header).send({}).expect(401));
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const { key } = await createApiKey(ctx.db, 'to-revoke', ['write']);
    await runSql(ctx.db, sql`UPDATE api_keys SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE name = 'to-revoke'`);
    const res = await checked(api().post('/v1/themes').set(bearer(key)).send({}).expect(401));
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('403 for a key without the scope', async () => {
    const res = await checked(api().post('/v1/themes').set(bearer(reader)).send({}).expect(403));
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope", scope="write"');
    await checked(api().post('/v1/import').set(bearer(writer)).send({}).expect(403));
  });

  it('stores only a hash of the secret, and records when a key was used', async () => {
    const [row] = await sqlRows<Record<string, string>>(ctx.db, sql`SELECT * FROM api_keys WHERE name = 'analyst'`);
    expect(JSON.stringify(row)).not.toContain(writer.split('_')[2]);
    await api().post('/v1/themes').set(bearer(writer)).send({});
    expect((await sqlRows<{ last_used_at: string }>(ctx.db, sql`SELECT last_used_at FROM api_keys WHERE name = 'analyst'`))[0]?.last_used_at).toBeTruthy();
  });

  it('closes reads when REQUIRE_AUTH_FOR_READS=true, but not the probes', async () => {
    const closed = await createTestApp({ REQUIRE_AUTH_FOR_READS: 'true' });
    try {
      const key = (await createApiKey(closed.db, 'reader', ['read'])).key;
      const res = await request(closed.app.server).get('/v1/statements').expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      await request(closed.app.server).get('/v1/statements').set(bearer(key)).expect(200);
      await request(closed.app.server).get('/healthz').expect(200);
    } finally {
      await closed.close();
    }
  });

  it('has a CLI that prints a key once, lists keys without secrets, and revokes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'econsec-keys-'));
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', ...args], {
          env: { ...process.env, DATABASE_PATH: join(dir, 'k.db') },
          encoding: 'utf8',
        });
      const created = run('create', '--name', 'ci bot', '--scope', 'write');
      expect(created.status).toBe(0);
      const key = created.stdout.trim();
      expect(key).toMatch(/^esk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      const listed = run('list');
      expect(listed.stdout).toContain('ci bot\twrite');
      expect(listed.stdout).not.toContain(key.slice(21));
      expect(run('create', '--name', 'x', '--scope', 'root').status).toBe(1);
      expect(run('revoke', 'ci bot').status).toBe(0);
      expect(run('list').stdout).toContain('revoked');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a statement: create → edit → stale edit → revisions → delete → restore', () => {
  let id: string;
  let etag: string;

  it('POST creates it: 201, Location, ETag, offsets found', async () => {
    const res = await checked(api().post('/v1/statements?lang=en').set(bearer(writer)).send(newStatement).expect(201));
    id = res.body.id;
    expect(id).toBe('2026-04-01-japan-france-economic-security-cooperation');
    expect(res.headers.location).toBe(`/v1/statements/${id}`);
    etag = res.headers.etag as string;
    expect(etag).toBe(await etagOf(`/v1/statements/${id}?lang=en`));
    const start = newStatement.text.indexOf('経済的威圧に共に対処する');
    expect(res.body.highlights[1]).toEqual({ text: '経済的威圧に共に対処する', start, end: start + 12 });
    expect(res.body.provenance).toMatchObject({ briefingId: null, sourceUrl: newStatement.source.url });
    for (const p of [...res.body.highlights, ...res.body.paragraphs]) expect(res.body.text.slice(p.start, p.end)).toBe(p.text);
    // It is found by search and counted by the filters like any other.
    expect((await checked(api().get(`/v1/statements?q=${encodeURIComponent('供給源多角化')}`).expect(200))).body.data.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it('PATCH needs If-Match (428), applies with the current ETag, and moves passages when the text changes', async () => {
    await checked(api().patch(`/v1/statements/${id}`).set(bearer(writer)).send({ titleEn: 'x' }).expect(428));
    const text = '冒頭。 両首脳は、重要鉱物の供給源多角化に向けた協力を確認した。 両首脳は、経済的威圧に共に対処する。';
    const res = await checked(
      api()
        .patch(`/v1/statements/${id}?lang=en`)
        .set(bearer(writer))
        .set('if-match', etag)
        .send({ text, paragraphs: [{ text: '冒頭。' }, ...newStatement.paragraphs] })
        .expect(200),
    );
    const start = text.indexOf('重要鉱物の供給源多角化');
    expect(start).toBe(newStatement.text.indexOf('重要鉱物の供給源多角化') + '冒頭。 '.length);
    expect(res.body.highlights[0]).toEqual({ text: '重要鉱物の供給源多角化', start, end: start + 11 });
    expect(res.body.themes.find((t: { id: string }) => t.id === 'critical-minerals').evidence[0].start).toBe(start);
    expect(res.headers.etag).not.toBe(etag);
  });

  it('a second editor with the old ETag gets 412, and nothing changes', async () => {
    const before = await etagOf(`/v1/statements/${id}`);
    await checked(api().patch(`/v1/statements/${id}`).set(bearer(writer)).set('if-match', etag).send({ titleEn: 'Lost update' }).expect(412));
    expect(await etagOf(`/v1/statements/${id}`)).toBe(before);
  });

  it('refuses a text that no longer holds the passages, listing every one (422)', async () => {
    const res = await checked(api().patch(`/v1/statements/${id}`).set(bearer(writer)).set('if-match', '*').send({ text: '全く別の文。' }).expect(422));
    expect(res.body.errors.map((e: { name: string }) => e.name).sort()).toEqual(
      ['/highlights/0', '/highlights/1', '/paragraphs', '/themes/0/evidence/0', '/themes/1/evidence/0'].sort(),
    );
  });

  it('keeps the history: which key, when, what, before and after', async () => {
    const res = await checked(api().get(`/v1/statements/${id}/revisions`).expect(200));
    expect(res.body.data.map((r: { operation: string }) => r.operation)).toEqual(['create', 'update']);
    expect(res.body.data[1]).toMatchObject({ apiKey: 'analyst', via: 'api' });
    expect(res.body.data[1].before.text).toBe(newStatement.text);
    expect(res.body.data[1].after.text.startsWith('冒頭。')).toBe(true);
  });

  it('DELETE needs If-Match, then reads answer 404 and lists leave it out', async () => {
    await checked(api().delete(`/v1/statements/${id}`).set(bearer(writer)).expect(428));
    await checked(api().delete(`/v1/statements/${id}`).set(bearer(writer)).set('if-match', await etagOf(`/v1/statements/${id}?lang=en`)).expect(204));
    await checked(api().get(`/v1/statements/${id}`).expect(404));
    expect((await checked(api().get('/v1/statements?limit=100').expect(200))).body.total).toBe(7);
    expect((await checked(api().get('/v1/partners/FR').expect(200))).body.directStatementCount).toBe(1);
    expect((await checked(api().get(`/v1/statements?q=${encodeURIComponent('供給源多角化')}`).expect(200))).body.total).toBe(0);
    expect(await count('statements')).toBe(8);
  });

  it('restore brings it back as it was; a second restore is a 409', async () => {
    const res = await checked(api().post(`/v1/statements/${id}/restore`).set(bearer(writer)).expect(200));
    expect(res.body.text.startsWith('冒頭。')).toBe(true);
    await checked(api().post(`/v1/statements/${id}/restore`).set(bearer(writer)).expect(409));
    const history = await checked(api().get(`/v1/statements/${id}/revisions`).expect(200));
    expect(history.body.data.map((r: { operation: string }) => r.operation)).toEqual(['create', 'update', 'delete', 'restore']);
  });
});

describe('rules of the data (422 lists every violation)', () => {
  it('for a statement', async () => {
    const res = await checked(
      api()
        .post('/v1/statements')
        .set(bearer(writer))
        .send({
          ...newStatement,
          id: 'oecd-ministerial-council-2026-chair-statement',
          meetingId: 'japan-us-summit-2026-03',
          partners: ['FR', 'ZZ'],
          highlights: [{ text: '経済的威圧', start: 0, end: 5 }, { text: '存在しない' }],
          themes: [{ themeId: 'nope', evidence: [{ text: '重要鉱物' }] }],
          source: null,
        })
        .expect(422),
    );
    expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual(['/id']);
    const many = await checked(
      api()
        .post('/v1/statements')
        .set(bearer(writer))
        .send({
          ...newStatement,
          meetingId: 'japan-us-summit-2026-03',
          partners: ['FR', 'ZZ'],
          highlights: [{ text: '経済的威圧', start: 0, end: 5 }, { text: '存在しない' }],
          themes: [{ themeId: 'nope', evidence: [{ text: '重要鉱物' }] }],
          source: null,
        })
        .expect(422),
    );
    expect(many.body.errors.map((e: { name: string }) => e.name).sort()).toEqual(['/date', '/highlights/0', '/highlights/1', '/partners', '/source', '/themes/0/themeId'].sort());
  });

  it('for the shape of a body (400) and unknown fields', async () => {
    const res = await checked(api().post('/v1/themes').set(bearer(writer)).send({ id: 'x', kind: 'topic', labelJa: 1, extra: true }).expect(400));
    expect(res.body.errors.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['/labelJa', '/extra']));
  });

  it('for meetings, partners and themes', async () => {
    const meeting = await checked(
      api()
        .patch('/v1/meetings/japan-us-summit-2026-03')
        .set(bearer(writer))
        .set('if-match', '*')
        .send({ startDate: '2026-03-20', endDate: '2026-03-21', representativeJa: '赤澤大臣' })
        .expect(422),
    );
    expect(meeting.body.errors.map((e: { name: string }) => e.name).sort()).toEqual(['/representativeEn', '/startDate']);
    const partner = await checked(
      api().post('/v1/partners').set(bearer(writer)).send({ code: 'DE', kind: 'country', iso3166Alpha2: 'FR', nameJa: 'ドイツ', nameEn: 'Germany', memberOf: [{ groupCode: 'NATO' }] }).expect(422),
    );
    expect(partner.body.errors.map((e: { name: string }) => e.name).sort()).toEqual(['/iso3166Alpha2', '/memberOf/0/groupCode']);
    const cycle = await checked(api().patch('/v1/partners/G7').set(bearer(writer)).set('if-match', '*').send({ memberOf: [{ groupCode: 'EU' }] }).expect(422));
    expect(cycle.body.errors[0].message).toContain('circle');
    const theme = await checked(api().patch('/v1/themes/critical-minerals').set(bearer(writer)).set('if-match', '*').send({ parentId: 'rare-earths' }).expect(422));
    expect(theme.body.errors[0].message).toContain('circle');
  });

  it('refuses to delete what is still referenced (409)', async () => {
    await checked(api().delete('/v1/meetings/japan-us-summit-2026-03').set(bearer(writer)).set('if-match', '*').expect(409));
    await checked(api().delete('/v1/partners/FR').set(bearer(writer)).set('if-match', '*').expect(409));
    const res = await checked(api().delete('/v1/themes/critical-minerals').set(bearer(writer)).set('if-match', '*').expect(409));
    expect(res.body.detail).toContain('child theme');
  });
});

describe('meetings, partners and themes', () => {
  it('create, change and delete a partner, a theme and a meeting', async () => {
    await checked(
      api()
        .post('/v1/partners')
        .set(bearer(writer))
        .send({ code: 'DE', kind: 'country', iso3166Alpha2: 'DE', nameJa: 'ドイツ', nameEn: 'Germany', memberOf: [{ groupCode: 'G7' }, { groupCode: 'EU' }, { groupCode: 'OECD' }] })
        .expect(201),
    );
    expect((await checked(api().get('/v1/partners/G7').expect(200))).body.members.map((m: { code: string }) => m.code)).toContain('DE');
    await checked(
      api()
        .post('/v1/meetings')
        .set(bearer(writer))
        .send({ id: 'japan-germany-summit-2026-07', kind: 'summit', nameJa: '日独首脳会談', nameEn: 'Japan-Germany Summit Meeting', startDate: '2026-07-01', endDate: '2026-07-01', partners: ['DE'] })
        .expect(201),
    );
    await checked(
      api()
        .post('/v1/themes')
        .set(bearer(writer))
        .send({ id: 'semiconductors', kind: 'topic', parentId: 'critical-emerging-technologies', labelJa: '半導体', labelEn: 'Semiconductors', descriptionJa: '半導体。', descriptionEn: 'Chips.' })
        .expect(201),
    );
    // Germany has no statement of its own, but reaches those of its groups (G7, EU, OECD) through partner=DE.
    expect((await checked(api().get('/v1/statements?partner=DE&limit=1').expect(200))).body.total).toBe(3);
    await checked(api().delete('/v1/partners/DE').set(bearer(writer)).set('if-match', '*').expect(409));
    await checked(api().delete('/v1/meetings/japan-germany-summit-2026-07').set(bearer(writer)).set('if-match', await etagOf('/v1/meetings/japan-germany-summit-2026-07')).expect(204));
    await checked(api().delete('/v1/partners/DE').set(bearer(writer)).set('if-match', await etagOf('/v1/partners/de')).expect(204));
    await checked(api().get('/v1/partners/DE').expect(404));
    await checked(api().post('/v1/partners/DE/restore').set(bearer(writer)).expect(200));
    await checked(api().delete('/v1/themes/semiconductors').set(bearer(writer)).set('if-match', await etagOf('/v1/themes/semiconductors')).expect(204));
  });

  it('a theme label change reaches search at once', async () => {
    await checked(api().patch('/v1/themes/energy-security').set(bearer(writer)).set('if-match', '*').send({ labelEn: 'Energy supply security' }).expect(200));
    expect((await checked(api().get('/v1/statements?q=%22energy%20supply%20security%22').expect(200))).body.data.map((s: { id: string }) => s.id)).toEqual([
      'japan-us-summit-2026-03-news-release',
    ]);
    const revisions = await checked(api().get('/v1/themes/energy-security/revisions').expect(200));
    expect(revisions.body.data.at(-1)).toMatchObject({ operation: 'update', before: { labelEn: 'Energy security' }, after: { labelEn: 'Energy supply security' } });
  });
});

describe('kept answers', () => {
  it('are replayed byte for byte, and never outlive a change', async () => {
    const url = '/v1/themes?kind=approach&lang=en';
    const first = await checked(api().get(url).expect(200));
    const again = await checked(api().get(url).expect(200));
    expect(again.text).toBe(first.text);
    for (const header of ['etag', 'last-modified', 'content-language', 'content-type', 'cache-control', 'vary']) {
      expect(again.headers[header], header).toBe(first.headers[header]);
    }
    await checked(api().patch('/v1/themes/promotion').set(bearer(writer)).set('if-match', '*').send({ labelEn: 'Promotion (kept answers test)' }).expect(200));
    const after = await checked(api().get(url).expect(200));
    expect(after.text).toContain('Promotion (kept answers test)');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    await checked(api().get(url).set('if-none-match', first.headers.etag as string).expect(200));
    await checked(api().get(url).set('if-none-match', after.headers.etag as string).expect(304));
  });
});

describe('the seed never overwrites an edited row', () => {
  it('a later seed version leaves an API edit alone', async () => {
    const id = 'japan-canada-summit-2026-03-joint-statement';
    await checked(api().patch(`/v1/statements/${id}?lang=en`).set(bearer(writer)).set('if-match', '*').send({ titleEn: 'Edited by an analyst' }).expect(200));
    expect((await seedDatabase(ctx.db, { ...loadSeedDataset(), version: '2099-01-01.1' })).applied).toBe(true);
    expect((await checked(api().get(`/v1/statements/${id}?lang=en`).expect(200))).body.title).toBe('Edited by an analyst');
  });
});

describe('bulk import', () => {
  it('round-trips the dataset export: dry run and re-import change nothing', async () => {
    const dataset = (await api().get('/v1/export/dataset.json').expect(200)).body;
    const before = await count('revisions');
    const dry = await checked(api().post('/v1/import?dryRun=true').set(bearer(admin)).send(dataset).expect(200));
    expect(dry.body.dryRun).toBe(true);
    for (const tally of Object.values(dry.body.counts) as { created: number; updated: number }[]) expect(tally.created + tally.updated).toBe(0);
    await checked(api().post('/v1/import').set(bearer(admin)).send(dataset).expect(200));
    expect(await count('revisions')).toBe(before);
  });

  it('creates and updates what differs, once; a dry run writes nothing', async () => {
    const dataset = (await api().get('/v1/export/dataset.json').expect(200)).body;
    dataset.statements[0].titleEn = 'Changed by import';
    dataset.themes.push({ id: 'quantum', kind: 'topic', parentId: 'critical-emerging-technologies', labelJa: '量子', labelEn: 'Quantum', descriptionJa: '量子技術。', descriptionEn: 'Quantum technology.' });
    const statementsBefore = (await checked(api().get('/v1/statements?limit=100&lang=en').expect(200))).body;
    const dry = await checked(api().post('/v1/import?dryRun=true').set(bearer(admin)).send(dataset).expect(200));
    expect(dry.body.counts.themes.created).toBe(1);
    expect(dry.body.counts.statements.updated).toBe(1);
    expect((await checked(api().get('/v1/statements?limit=100&lang=en').expect(200))).body).toEqual(statementsBefore);
    await checked(api().get('/v1/themes/quantum').expect(404));
    const done = await checked(api().post('/v1/import').set(bearer(admin)).send(dataset).expect(200));
    expect(done.body.counts).toMatchObject({ themes: { created: 1 }, statements: { updated: 1 } });
    const again = await checked(api().post('/v1/import').set(bearer(admin)).send(dataset).expect(200));
    expect(again.body.counts.statements).toMatchObject({ created: 0, updated: 0 });
    expect(again.body.counts.themes).toMatchObject({ created: 0, updated: 0 });
  });

  it('is all or nothing, listing every violation', async () => {
    const dataset = (await api().get('/v1/export/dataset.json').expect(200)).body;
    dataset.statements[0].titleEn = 'Should not be applied';
    dataset.themes.push({ id: 'orphan', kind: 'topic', parentId: 'missing-parent', labelJa: 'x', labelEn: 'x', descriptionJa: 'x', descriptionEn: 'x' });
    const res = await checked(api().post('/v1/import').set(bearer(admin)).send(dataset).expect(422));
    expect(res.body.errors.length).toBeGreaterThan(0);
    const title = (await checked(api().get(`/v1/statements/${dataset.statements[0].id}?lang=en`).expect(200))).body.title;
    expect(title).not.toBe('Should not be applied');
  });

  it('takes statements as NDJSON, naming bad lines', async () => {
    const dataset = (await api().get('/v1/export/dataset.json').expect(200)).body;
    const line = JSON.stringify({ ...dataset.statements[3], id: 'imported-by-ndjson', citedSourceId: null, sourceHeadingJa: null, sourceLineNumber: null, sourceUrl: 'https://example.org/statement' });
    const bad = await checked(api().post('/v1/import/statements').set(bearer(admin)).set('content-type', 'application/x-ndjson').send(`${line}\nnot json\n`).expect(422));
    expect(bad.body.errors[0].name).toBe('/line/2');
    await checked(api().get('/v1/statements/imported-by-ndjson').expect(404));
    const ok = await checked(api().post('/v1/import/statements').set(bearer(admin)).set('content-type', 'application/x-ndjson').send(`${line}\n`).expect(200));
    expect(ok.body.counts.statements.created).toBe(1);
    await checked(api().get('/v1/statements/imported-by-ndjson').expect(200));
  });
});
