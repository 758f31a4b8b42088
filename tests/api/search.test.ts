import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checked } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * Search checked against an oracle written here: the statements whose searchable text (body, titles,
 * meeting names and theme labels in both languages) really contains the term. CJK terms are substrings;
 * terms of Latin letters and digits are whole words.
 */
let ctx: TestContext;
interface Doc {
  id: string;
  text: string;
  fields: string;
}
let docs: Doc[];

const get = (url: string) => request(ctx.app.server).get(url);
const ok = async (url: string) => (await checked(get(url).expect(200))).body;
const norm = (s: string) => s.normalize('NFKC').toLowerCase();

beforeAll(async () => {
  ctx = await createTestApp();
  const ja = (await ok('/v1/statements?limit=100&lang=ja')).data;
  const en = (await ok('/v1/statements?limit=100&lang=en')).data;
  docs = ja.map((s: { id: string; text: string; title: string; meeting: { name: string }; themes: { label: string }[] }) => {
    const e = en.find((x: { id: string }) => x.id === s.id);
    return {
      id: s.id,
      text: s.text,
      fields: norm(
        [s.text, s.title, e.title, s.meeting.name, e.meeting.name, ...s.themes.map((t) => t.label), ...e.themes.map((t: { label: string }) => t.label)].join('\n'),
      ),
    };
  });
});
afterAll(() => ctx.close());

const containsSubstring = (term: string) => (doc: Doc) => doc.fields.includes(norm(term));
const containsWord = (term: string) => (doc: Doc) => new RegExp(`(?<![a-z0-9])${norm(term)}(?![a-z0-9])`).test(doc.fields);
const search = async (q: string, extra = '') =>
  ((await ok(`/v1/statements?limit=100&q=${encodeURIComponent(q)}${extra}`)).data as { id: string }[]).map((s) => s.id).sort();
const expected = (predicate: (doc: Doc) => boolean) => docs.filter(predicate).map((d) => d.id).sort();

describe('q finds exactly the statements that contain the term', () => {
  it.each(['経済的威圧', '重要鉱物', '威圧', '経済', '強靭', '輸出管理措置', '…', '（NMPPs）'])('%s (substring)', async (term) => {
    const want = expected(containsSubstring(term));
    expect(want.length).toBeGreaterThan(0);
    expect(await search(term)).toEqual(want);
  });

  it.each(['AI', 'ＡＩ', 'ai', 'G7', 'Ｇ７', 'EU', 'NMPPs', 'coercion', 'minister'])('%s (whole word)', async (term) => {
    expect(await search(term)).toEqual(expected(containsWord(term)));
  });

  it('finds AI only where it stands as a word, not inside "chain"', async () => {
    expect(docs.filter(containsSubstring('ai')).length).toBeGreaterThan(1);
    expect(await search('AI')).toEqual(['japan-us-summit-2026-03-news-release']);
  });

  it('economic coercion finds the statements tagged economic-coercion', async () => {
    const tagged = (await ok('/v1/statements?theme=economic-coercion&limit=100')).data.map((s: { id: string }) => s.id).sort();
    expect(await search('economic coercion')).toEqual(tagged);
    expect(await search('"economic coercion"')).toEqual(tagged);
  });

  it('ANDs terms, matches phrases and excludes -terms', async () => {
    expect(await search('経済 輸出')).toEqual(expected((d) => containsSubstring('経済')(d) && containsSubstring('輸出')(d)));
    expect(await search('"経済安全保障及び"')).toEqual(expected(containsSubstring('経済安全保障及び')));
    expect(await search('経済 -威圧')).toEqual(expected((d) => containsSubstring('経済')(d) && !containsSubstring('威圧')(d)));
    expect(await search('重要鉱物 -"サプライチェーンの途絶"')).toEqual(
      expected((d) => containsSubstring('重要鉱物')(d) && !containsSubstring('サプライチェーンの途絶')(d)),
    );
    expect(await search('存在しない語')).toEqual([]);
  });

  it('combines with every filter', async () => {
    expect(await search('威圧', '&partner=FR')).toEqual(
      ['g7-trade-ministers-meeting-2026-statement', 'japan-eu-high-level-economic-dialogue-2026-joint-statement', 'japan-france-summit-2026-04-joint-statement', 'oecd-ministerial-council-2026-chair-statement'].sort(),
    );
    expect(await search('威圧', '&meetingKind=summit&from=2026-04-01')).toEqual(
      ['japan-australia-summit-2026-05-joint-statement', 'japan-france-summit-2026-04-joint-statement'].sort(),
    );
  });
});

describe('relevance and snippets', () => {
  it('sorts by bm25 with date as tie-break, and pages through every hit once', async () => {
    const all = await ok('/v1/statements?q=威圧&sort=relevance&limit=100');
    const scores = all.data.map((s: { match: { score: number } }) => s.match.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const seen: string[] = [];
    let url: string | null = '/v1/statements?q=威圧&sort=relevance&limit=1';
    while (url) {
      const res = await checked(get(url).expect(200));
      seen.push(...res.body.data.map((s: { id: string }) => s.id));
      url = res.body.nextCursor ? `/v1/statements?q=威圧&sort=relevance&limit=1&cursor=${res.body.nextCursor}` : null;
    }
    expect(seen).toEqual(all.data.map((s: { id: string }) => s.id));
  });

  it('marks every match in the snippet, short terms too, with configurable markers', async () => {
    const body = await ok(`/v1/statements?q=${encodeURIComponent('威圧')}&limit=100`);
    for (const item of body.data) expect(item.match.snippet).toContain('<mark>威圧</mark>');
    const custom = await ok(`/v1/statements?q=AI&markStart=${encodeURIComponent('[[')}&markEnd=${encodeURIComponent(']]')}`);
    expect(custom.data[0].match.snippet).toContain('[[AI]]');
    const fullWidth = await ok(`/v1/statements?q=${encodeURIComponent('ＡＩ')}`);
    expect(fullWidth.data[0].match.snippet).toContain('<mark>AI</mark>');
  });

  it('gives no match block without q, and rejects relevance without q', async () => {
    const body = await ok('/v1/statements?limit=1');
    expect(body.data[0]).not.toHaveProperty('match');
    const res = await checked(get('/v1/statements?sort=relevance').expect(400));
    expect(res.body.errors[0]).toMatchObject({ in: 'query', name: 'sort' });
  });

  it('rejects a q without terms', async () => {
    for (const q of ['', '   ', '""', '-威圧', '-"a b"']) {
      const res = await checked(get(`/v1/statements?q=${encodeURIComponent(q)}`).expect(400));
      expect(res.body.errors[0]).toMatchObject({ in: 'query', name: 'q' });
    }
  });
});

describe('hostile q (property)', () => {
  const hostile = ['"', '""', '"""', 'AND(', 'NEAR(', 'NEAR(a b)', '*', 'a*', '^a', 'col:a', "' OR 1=1 --", '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '🙂', '🙂🙂🙂', '-', '--', '- -', '(', ')', '{', 'x'.repeat(10_000), '経'.repeat(500), 'a'.repeat(501)];
  const encode = (q: string) => [...Buffer.from(q, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

  it.each(hostile.map((q) => [q.length > 40 ? `${q.slice(0, 20)}…(${q.length})` : JSON.stringify(q), q]))('%s answers 200 or 400', async (_name, q) => {
    for (const sort of ['', '&sort=relevance']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/v1/statements?q=${encode(q)}${sort}&facets=partner,theme` });
      expect([200, 400]).toContain(res.statusCode);
    }
  });

  it('random q never produces a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...hostile)),
        fc.constantFrom('', '&sort=relevance', '&facets=partner,theme,kind,meetingKind,year,month', '&partner=FR'),
        async (q, extra) => {
          const res = await ctx.app.inject({ method: 'GET', url: `/v1/statements?q=${encode(q)}${extra}` });
          expect([200, 400]).toContain(res.statusCode);
        },
      ),
      { numRuns: 300 },
    );
  });
});
