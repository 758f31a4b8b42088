import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checked } from '../helpers/openapi-contract.js';
import { countQueries, createTestApp, runSql, sqlRows, type TestContext } from '../helpers/test-app.js';

/**
 * The read API against the real seeded database. Every answer goes through `checked`, which validates it
 * against the committed OpenAPI document.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const get = (url: string) => request(ctx.app.server).get(url);
const ok = async (url: string) => (await checked(get(url).expect(200))).body;
const ids = async (url: string): Promise<string[]> => (await ok(url)).data.map((item: { id: string }) => item.id).sort();
const problem = async (url: string, status = 400) => {
  const res = await checked(get(url).expect(status));
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.body as { type: string; title: string; status: number; detail: string; instance: string; errors?: { in: string; name: string; message: string }[] };
};

const S = {
  oecd: 'oecd-ministerial-council-2026-chair-statement',
  eu: 'japan-eu-high-level-economic-dialogue-2026-joint-statement',
  g7: 'g7-trade-ministers-meeting-2026-statement',
  au: 'japan-australia-summit-2026-05-joint-statement',
  fr: 'japan-france-summit-2026-04-joint-statement',
  us: 'japan-us-summit-2026-03-news-release',
  ca: 'japan-canada-summit-2026-03-joint-statement',
};
const sorted = (...values: string[]) => [...values].sort();

describe('GET /v1/statements', () => {
  it('lists all seven, newest first, with total and no next page', async () => {
    const body = await ok('/v1/statements');
    expect(body.total).toBe(7);
    expect(body.limit).toBe(20);
    expect(body.nextCursor).toBeNull();
    expect(body.data.map((s: { id: string }) => s.id)).toEqual([S.oecd, S.eu, S.g7, S.au, S.fr, S.us, S.ca]);
  });

  it('embeds meeting, partners, themes with evidence, highlights, paragraphs and provenance', async () => {
    const body = await ok(`/v1/statements/${S.oecd}`);
    expect(body).toMatchObject({
      id: S.oecd,
      kind: 'chair_statement',
      kindLabel: '議長声明',
      date: '2026-06-04',
      title: 'OECD閣僚理事会 議長声明',
      textLanguage: 'ja',
      meeting: { id: 'oecd-ministerial-council-2026', startDate: '2026-06-03', endDate: '2026-06-04', representative: '井野副大臣' },
      partners: [{ code: 'OECD', kind: 'organization' }],
      provenance: { sourceLine: 42, citation: '(資料) 各省プレスリリースより作成', sourceFile: '000_98cf546138f55289.txt' },
    });
    expect(body.text.startsWith('15. より緊密な協力により')).toBe(true);
    expect(body.paragraphs.map((p: { number: string | null }) => p.number)).toEqual(['15', '19']);
    expect(body.highlights).toHaveLength(2);
    for (const passage of [...body.highlights, ...body.paragraphs, ...body.themes.flatMap((t: { evidence: unknown[] }) => t.evidence)]) {
      expect(body.text.slice(passage.start, passage.end)).toBe(passage.text);
    }
    expect(body.themes.map((t: { id: string }) => t.id)).toContain('economic-coercion');
  });

  it('returns the same objects in the list as by id', async () => {
    const list = await ok('/v1/statements?limit=100');
    for (const item of list.data) expect(await ok(`/v1/statements/${item.id}`)).toEqual(item);
  });

  it('answers 404 problem for an unknown id, 400 for a malformed one', async () => {
    const notFound = await problem('/v1/statements/no-such-statement', 404);
    expect(notFound).toMatchObject({ status: 404, type: '/problems/not-found', instance: '/v1/statements/no-such-statement' });
    const bad = await problem('/v1/statements/Not_A_Slug');
    expect(bad.errors).toEqual([expect.objectContaining({ in: 'path', name: 'id' })]);
  });
});

describe('statement filters', () => {
  it('partner=FR reaches the France summit and the G7, EU and OECD statements', async () => {
    expect(await ids('/v1/statements?partner=FR')).toEqual(sorted(S.fr, S.g7, S.eu, S.oecd));
    expect(await ids('/v1/statements?partner=fr')).toEqual(sorted(S.fr, S.g7, S.eu, S.oecd));
  });

  it('partnerMatch=direct matches the partner alone', async () => {
    expect(await ids('/v1/statements?partner=FR&partnerMatch=direct')).toEqual([S.fr]);
  });

  it('follows memberships transitively and ORs comma-separated or repeated values', async () => {
    expect(await ids('/v1/statements?partner=EU')).toEqual(sorted(S.eu, S.g7));
    expect(await ids('/v1/statements?partner=AU')).toEqual(sorted(S.au, S.oecd));
    expect(await ids('/v1/statements?partner=AU,CA&partnerMatch=direct')).toEqual(sorted(S.au, S.ca));
    expect(await ids('/v1/statements?partner=AU&partner=CA&partnerMatch=direct')).toEqual(sorted(S.au, S.ca));
  });

  it('theme matches the theme and its children', async () => {
    expect(await ids('/v1/statements?theme=energy-security')).toEqual([S.us]);
    expect(await ids('/v1/statements?theme=dependency-reduction')).toEqual([S.g7]);
    // Make energy-security a child of a new theme: asking for the parent must find the child's statement.
    await runSql(ctx.db, sql`INSERT INTO themes (id, kind, label_ja, label_en, description_ja, description_en) VALUES ('test-parent', 'topic', '親', 'Parent', 'テスト', 'Test')`);
    await runSql(ctx.db, sql`UPDATE themes SET parent_id = 'test-parent' WHERE id = 'energy-security'`);
    try {
      expect(await ids('/v1/statements?theme=test-parent')).toEqual([S.us]);
      expect(await ids('/v1/statements?theme=test-parent,dependency-reduction')).toEqual(sorted(S.us, S.g7));
      expect((await ok('/v1/themes/test-parent')).statementCount).toBe(1);
    } finally {
      await runSql(ctx.db, sql`UPDATE themes SET parent_id = NULL WHERE id = 'energy-security'`);
      await runSql(ctx.db, sql`DELETE FROM themes WHERE id = 'test-parent'`);
    }
  });

  it('filters by kind, meeting kind, meeting and representative', async () => {
    expect(await ids('/v1/statements?kind=news_release')).toEqual([S.us]);
    expect((await ok('/v1/statements?kind=joint_statement,chair_statement')).total).toBe(6);
    expect(await ids('/v1/statements?meetingKind=summit')).toEqual(sorted(S.au, S.fr, S.us, S.ca));
    expect(await ids('/v1/statements?meeting=g7-trade-ministers-meeting-2026')).toEqual([S.g7]);
    expect(await ids('/v1/statements?representative=赤澤大臣')).toEqual(sorted(S.eu, S.g7));
    expect(await ids('/v1/statements?representative=minister%20akazawa')).toEqual(sorted(S.eu, S.g7));
    expect(await ids('/v1/statements?representative=井野副大臣,赤澤大臣')).toEqual(sorted(S.eu, S.g7, S.oecd));
  });

  it('treats from and to as inclusive dates', async () => {
    expect(await ids('/v1/statements?from=2026-05-06&to=2026-05-07')).toEqual(sorted(S.g7, S.eu));
    expect(await ids('/v1/statements?from=2026-06-04')).toEqual([S.oecd]);
    expect(await ids('/v1/statements?to=2026-03-06')).toEqual([S.ca]);
    expect(await ids('/v1/statements?from=2026-03-07&to=2026-03-18')).toEqual([]);
  });

  it('combines filters with AND', async () => {
    expect(await ids('/v1/statements?partner=FR&meetingKind=summit')).toEqual([S.fr]);
    expect(await ids('/v1/statements?partner=FR&theme=technology-leakage&from=2026-05-01')).toEqual(sorted(S.oecd, S.eu, S.g7));
    expect(await ids('/v1/statements?partner=FR&theme=technology-leakage&from=2026-05-07')).toEqual(sorted(S.oecd, S.eu));
  });

  it('updatedSince returns what changed at or after the instant', async () => {
    expect((await ok('/v1/statements?updatedSince=2000-01-01T00:00:00Z')).total).toBe(7);
    expect((await ok('/v1/statements?updatedSince=2999-01-01T00:00:00%2B09:00')).total).toBe(0);
    const [before] = await sqlRows<{ updated_at: string }>(ctx.db, sql`SELECT updated_at FROM statements WHERE id = ${S.ca}`);
    await runSql(ctx.db, sql`UPDATE statements SET updated_at = '2998-05-01T00:00:00.000Z' WHERE id = ${S.ca}`);
    try {
      expect(await ids('/v1/statements?updatedSince=2998-05-01T09:00:00%2B09:00')).toEqual([S.ca]);
    } finally {
      await runSql(ctx.db, sql`UPDATE statements SET updated_at = ${before!.updated_at} WHERE id = ${S.ca}`);
    }
  });
});

describe('sorting and keyset paging', () => {
  it('sorts by date both ways with a stable tie-break', async () => {
    const asc = (await ok('/v1/statements?sort=date')).data.map((s: { id: string }) => s.id);
    const desc = (await ok('/v1/statements?sort=-date')).data.map((s: { id: string }) => s.id);
    expect(asc).toEqual([...desc].reverse());
  });

  it('sorts by title in the label language', async () => {
    const titles = (await ok('/v1/statements?sort=title&lang=en')).data.map((s: { title: string }) => s.title);
    expect(titles).toEqual([...titles].sort());
  });

  it.each(['/v1/statements', '/v1/statements?sort=date', '/v1/statements?sort=title&lang=en', '/v1/statements?partner=FR', '/v1/meetings', '/v1/partners?sort=-name', '/v1/themes?sort=label', '/v1/briefings'])(
    'walking %s with limit=1 returns every item exactly once',
    async (url) => {
      const all = await ok(`${url}${url.includes('?') ? '&' : '?'}limit=100`);
      const seen: string[] = [];
      let next: string | null = `${url}${url.includes('?') ? '&' : '?'}limit=1`;
      let pages = 0;
      while (next) {
        const res = await checked(get(next).expect(200));
        expect(res.body.total).toBe(all.total);
        seen.push(...res.body.data.map((item: { id?: string; code?: string }) => item.id ?? item.code));
        if (res.body.nextCursor) {
          expect(res.headers.link).toMatch(/^<\/v1\/[^>]*cursor=[^>]+>; rel="next"$/);
          next = /^<([^>]+)>/.exec(res.headers.link as string)?.[1] ?? null;
        } else {
          expect(res.headers.link).toBeUndefined();
          next = null;
        }
        pages += 1;
        expect(pages).toBeLessThanOrEqual(all.total);
      }
      expect(seen).toEqual(all.data.map((item: { id?: string; code?: string }) => item.id ?? item.code));
      expect(new Set(seen).size).toBe(seen.length);
    },
  );

  it('rejects a cursor used with other filters, and a forged one', async () => {
    const first = await ok('/v1/statements?limit=2');
    const reused = await problem(`/v1/statements?limit=2&kind=joint_statement&cursor=${first.nextCursor}`);
    expect(reused.errors?.[0]).toMatchObject({ in: 'query', name: 'cursor' });
    expect((await problem('/v1/statements?cursor=bm90LWpzb24')).errors?.[0]?.name).toBe('cursor');
    expect((await problem(`/v1/statements?cursor=${Buffer.from('{"k":[1],"f":"x"}').toString('base64url')}`)).errors?.[0]?.name).toBe('cursor');
  });
});

describe('languages', () => {
  it('labels in English with lang=en, bodies stay Japanese', async () => {
    const res = await checked(get(`/v1/statements/${S.fr}?lang=en`).expect(200));
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toMatchObject({ title: 'Japan-France Summit Meeting', kindLabel: 'Joint statement', textLanguage: 'ja' });
    expect(res.body.meeting.name).toBe('Japan-France Summit Meeting');
    expect(res.body.partners[0].name).toBe('France');
    expect(res.body.text.startsWith('両首脳は')).toBe(true);
  });

  it('honours Accept-Language when lang is absent, and lang over it', async () => {
    const en = await checked(get('/v1/partners/FR').set('accept-language', 'fr-FR, en-US;q=0.8, ja;q=0.5').expect(200));
    expect(en.headers['content-language']).toBe('en');
    expect(en.body.name).toBe('France');
    const ja = await checked(get('/v1/partners/FR').set('accept-language', 'de').expect(200));
    expect(ja.headers['content-language']).toBe('ja');
    expect(ja.body.name).toBe('フランス');
    const forced = await checked(get('/v1/partners/FR?lang=ja').set('accept-language', 'en').expect(200));
    expect(forced.body.name).toBe('フランス');
    expect(en.headers.vary).toMatch(/Accept-Language/);
  });
});

describe('bad input is a 400 problem naming the parameter', () => {
  it.each([
    ['/v1/statements?parter=FR', 'parter'],
    ['/v1/statements?limit=0', 'limit'],
    ['/v1/statements?limit=101', 'limit'],
    ['/v1/statements?limit=1e309', 'limit'],
    ['/v1/statements?limit=Infinity', 'limit'],
    ['/v1/statements?limit=-1', 'limit'],
    ['/v1/statements?limit=2.5', 'limit'],
    ['/v1/statements?from=2026-02-30', 'from'],
    ['/v1/statements?from=yesterday', 'from'],
    ['/v1/statements?from=2026-06-01&to=2026-05-01', 'to'],
    ['/v1/statements?updatedSince=last-week', 'updatedSince'],
    ['/v1/statements?kind=communique', 'kind'],
    ['/v1/statements?sort=relevancy', 'sort'],
    ['/v1/statements?lang=fr', 'lang'],
    ['/v1/statements?partner=FRA', 'partner'],
    ['/v1/statements?partner=', 'partner'],
    ['/v1/statements?theme=nope', 'theme'],
    ['/v1/statements?meeting=nope', 'meeting'],
    ['/v1/statements?partnerMatch=loose', 'partnerMatch'],
    ['/v1/meetings?kind=party', 'kind'],
    ['/v1/partners?memberOf=NATO', 'memberOf'],
    ['/v1/themes?parent=nope', 'parent'],
    ['/v1/statements/x?limit=1', 'limit'],
  ])('%s names %s', async (url, name) => {
    const body = await problem(url);
    expect(body).toMatchObject({ type: '/problems/invalid-parameters', status: 400, instance: url });
    expect(body.errors?.map((e) => e.name)).toContain(name);
    expect(body.detail).toContain(name);
  });

  it('a malformed percent-encoding is a client error, never a 5xx', async () => {
    const res = await get('/v1/statements?partner=%E0%A4%A');
    expect(res.status).toBeLessThan(500);
    const path = await get('/v1/statements/%E0%A4%A');
    expect(path.status).toBe(400);
    expect(path.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('HTTP caching', () => {
  it('sends a strong ETag, Last-Modified and Cache-Control, and 304 on a match', async () => {
    const first = await checked(get('/v1/statements?partner=FR').expect(200));
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(Date.parse(first.headers['last-modified'] as string)).not.toBeNaN();
    const again = await checked(get('/v1/statements?partner=FR').expect(200));
    expect(again.headers.etag).toBe(etag);

    for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await checked(get('/v1/statements?partner=FR').set('if-none-match', header).expect(304));
      expect(res.text).toBe('');
      expect(res.headers.etag).toBe(etag);
    }
    await checked(get('/v1/statements?partner=FR').set('if-none-match', '"stale"').expect(200));
    await checked(get('/v1/statements?partner=FR').set('if-modified-since', first.headers['last-modified'] as string).expect(304));
    await checked(get('/v1/statements?partner=FR').set('if-modified-since', 'Thu, 01 Jan 1970 00:00:00 GMT').expect(200));
  });

  it('gives different representations different ETags, and items their own', async () => {
    const ja = await get(`/v1/statements/${S.fr}`);
    const en = await get(`/v1/statements/${S.fr}?lang=en`);
    const other = await get(`/v1/statements/${S.us}`);
    expect(new Set([ja.headers.etag, en.headers.etag, other.headers.etag]).size).toBe(3);
  });

  it('changes the ETag when the data changes', async () => {
    const before = (await get(`/v1/statements/${S.fr}?lang=en`)).headers.etag;
    await runSql(ctx.db, sql`UPDATE statements SET title_en = 'Edited' WHERE id = ${S.fr}`);
    try {
      const after = await checked(get(`/v1/statements/${S.fr}?lang=en`).set('if-none-match', before as string).expect(200));
      expect(after.body.title).toBe('Edited');
      expect(after.headers.etag).not.toBe(before);
    } finally {
      await runSql(ctx.db, sql`UPDATE statements SET title_en = 'Japan-France Summit Meeting' WHERE id = ${S.fr}`);
    }
  });

  it('keeps the answer of a revalidation that matched, so that clients that always revalidate are answered from memory', async () => {
    const etag = (await get('/v1/statements?kind=joint_statement')).headers.etag as string;
    // Any change to the data makes every kept answer stale, even one whose bytes stay the same.
    await runSql(ctx.db, sql`UPDATE seed_runs SET applied_at = applied_at`);
    const queries = countQueries(ctx.db);
    try {
      await checked(get('/v1/statements?kind=joint_statement').set('if-none-match', etag).expect(304));
      expect(queries.count()).toBeGreaterThan(0); // the first one after the change ran the queries
      queries.reset();
      for (let i = 0; i < 3; i++) await checked(get('/v1/statements?kind=joint_statement').set('if-none-match', etag).expect(304));
      expect(queries.count()).toBe(0);
    } finally {
      queries.stop();
    }
  });

  it('does not cache or 304 error answers', async () => {
    const res = await get('/v1/statements/nope').set('if-none-match', '*').expect(404);
    expect(res.headers.etag).toBeUndefined();
  });

  it('takes max-age from CACHE_MAX_AGE', async () => {
    const custom = await createTestApp({ CACHE_MAX_AGE: '5' });
    try {
      const res = await request(custom.app.server).get('/v1/themes').expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=5');
    } finally {
      await custom.close();
    }
  });
});

describe('CORS', () => {
  it('allows any origin to read by default and exposes ETag and Link', async () => {
    const res = await get('/v1/statements?limit=1').set('origin', 'https://dash.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toMatch(/ETag/);
    expect(res.headers['access-control-expose-headers']).toMatch(/Link/);
    const preflight = await request(ctx.app.server)
      .options('/v1/statements')
      .set('origin', 'https://dash.example')
      .set('access-control-request-method', 'GET')
      .set('access-control-request-headers', 'if-none-match');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/GET/);
  });

  it('honours an allow-list from CORS_ORIGINS', async () => {
    const restricted = await createTestApp({ CORS_ORIGINS: 'https://dash.example,https://ops.example' });
    try {
      const allowed = await request(restricted.app.server).get('/v1/themes').set('origin', 'https://ops.example');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example');
      expect(allowed.headers.vary).toMatch(/Origin/);
      const denied = await request(restricted.app.server).get('/v1/themes').set('origin', 'https://evil.example');
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await restricted.close();
    }
  });
});

describe('GET /v1/meetings', () => {
  it('lists the seven meetings with partners and statements', async () => {
    const body = await ok('/v1/meetings');
    expect(body.total).toBe(7);
    const g7 = body.data.find((m: { id: string }) => m.id === 'g7-trade-ministers-meeting-2026');
    expect(g7).toMatchObject({ kind: 'ministerial_meeting', representative: '赤澤大臣', partners: [{ code: 'G7' }], statements: [{ id: S.g7 }] });
  });

  it('filters by kind, partner (with groups) and overlapping dates', async () => {
    expect((await ok('/v1/meetings?kind=summit')).total).toBe(4);
    expect((await ok('/v1/meetings?partner=FR')).total).toBe(4);
    expect((await ok('/v1/meetings?partner=FR&partnerMatch=direct')).total).toBe(1);
    expect(await ids('/v1/meetings?from=2026-06-04')).toEqual(['oecd-ministerial-council-2026']);
    expect(await ids('/v1/meetings?to=2026-06-03&from=2026-06-03')).toEqual(['oecd-ministerial-council-2026']);
    expect((await ok('/v1/meetings?representative=赤澤大臣')).total).toBe(2);
  });

  it('gets one meeting by id, 404 otherwise, with English labels', async () => {
    const body = await ok('/v1/meetings/japan-us-summit-2026-03?lang=en');
    expect(body).toMatchObject({ name: 'Japan-U.S. Summit Meeting', kindLabel: 'Summit meeting', representative: null, startDate: '2026-03-19' });
    await problem('/v1/meetings/nope', 404);
  });
});

describe('GET /v1/partners', () => {
  it('lists the eight partners and filters by kind and membership', async () => {
    expect((await ok('/v1/partners')).data.map((p: { code: string }) => p.code)).toEqual(['AU', 'CA', 'EU', 'FR', 'G7', 'JP', 'OECD', 'US']);
    expect((await ok('/v1/partners?kind=country')).total).toBe(5);
    expect((await ok('/v1/partners?memberOf=g7')).data.map((p: { code: string }) => p.code)).toEqual(['CA', 'EU', 'FR', 'JP', 'US']);
  });

  it('gets a partner case-insensitively, with members, groups and statement counts', async () => {
    const fr = await ok('/v1/partners/fr');
    expect(fr).toMatchObject({ code: 'FR', iso3166Alpha2: 'FR', statementCount: 4, directStatementCount: 1 });
    expect(fr.memberOf.map((m: { code: string }) => m.code)).toEqual(['EU', 'G7', 'OECD']);
    const g7 = await ok('/v1/partners/G7?lang=en');
    expect(g7.members).toContainEqual(expect.objectContaining({ code: 'EU', role: 'non_enumerated_member', roleLabel: 'Non-enumerated member' }));
    expect(g7.iso3166Alpha2).toBeNull();
    await problem('/v1/partners/XX', 404);
    await problem('/v1/partners/fr!');
  });

  it('gives every partner the statement count that the partner filter returns', async () => {
    for (const partner of (await ok('/v1/partners')).data) {
      expect(partner.statementCount, partner.code).toBe((await ok(`/v1/statements?partner=${partner.code}&limit=1`)).total);
      expect(partner.directStatementCount, partner.code).toBe((await ok(`/v1/statements?partner=${partner.code}&partnerMatch=direct&limit=1`)).total);
    }
  });
});

describe('GET /v1/themes', () => {
  it('lists 11 topics and 3 approaches and filters by kind and parent', async () => {
    expect((await ok('/v1/themes')).total).toBe(14);
    expect(await ids('/v1/themes?kind=approach')).toEqual(['partnership', 'promotion', 'protection']);
    expect(await ids('/v1/themes?parent=critical-minerals')).toEqual(['rare-earths']);
  });

  it('gets a theme with its parent and children', async () => {
    expect(await ok('/v1/themes/critical-minerals?lang=en')).toMatchObject({
      label: 'Critical minerals',
      parent: null,
      children: [{ id: 'rare-earths', label: 'Rare earths' }],
    });
    expect(await ok('/v1/themes/rare-earths')).toMatchObject({ parent: { id: 'critical-minerals', label: '重要鉱物' }, children: [] });
    await problem('/v1/themes/nope', 404);
  });

  it('gives every theme the statement count that the theme filter returns', async () => {
    for (const theme of (await ok('/v1/themes')).data) {
      expect(theme.statementCount, theme.id).toBe((await ok(`/v1/statements?theme=${theme.id}&limit=1`)).total);
    }
  });
});

describe('GET /v1/briefings', () => {
  it('lists the briefing and gets it with all its sections', async () => {
    const list = await ok('/v1/briefings');
    expect(list.total).toBe(1);
    const briefing = await ok(`/v1/briefings/${list.data[0].id}`);
    expect(briefing).toEqual(list.data[0]);
    expect(briefing).toMatchObject({ title: '経済安全保障政策', date: '2026-06-15', issuer: '貿易経済安全保障局総務課' });
    expect(briefing.citedSources).toHaveLength(4);
    expect(briefing.lesson.stages.map((s: { name: string }) => s.name)).toEqual(['上流（採鉱、分離・精製）', '中下流（永久磁石、部品）']);
    expect(briefing.lesson.stages[0].response).toEqual({
      measure: 'レアアースについて、供給源多角化のための鉱山開発や製錬への出資を実施。',
      outcome: '供給源多角化により中国依存度が低減。',
    });
    expect(briefing.lesson.chart.sourceIds).toHaveLength(3);
    expect(briefing.approach.entries.map((e: { line: string }) => e.line)).toEqual([
      'Promotion (技術開発支援、投資支援等)',
      'Protection (輸出管理、投資管理、技術管理等)',
      'Promotion (代替調達先開発支援等)',
      'Protection (需要サイドの対応等)',
      'Partnership (官民連携、国際連携)',
    ]);
    expect(briefing.approach.entries.map((e: { group: number }) => e.group)).toEqual([1, 1, 2, 2, 3]);
    expect(briefing.statements.items.map((s: { id: string }) => s.id)).toEqual([S.oecd, S.eu, S.g7, S.au, S.fr, S.us, S.ca]);
    expect(briefing.statements.citation).toBe('(資料) 各省プレスリリースより作成');
  });

  it('labels the briefing in English on request and 404s an unknown id', async () => {
    const en = await ok('/v1/briefings/economic-security-policy-2026-06-15?lang=en');
    expect(en.title).toBe('Economic Security Policy');
    expect(en.lesson.title).toBe('Looking back at history (example: the 2010 rare-earth shock)');
    await problem('/v1/briefings/nope', 404);
  });
});
