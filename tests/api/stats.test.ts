import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checked } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/** Facets and statistics must agree with the totals of the corresponding /v1/statements queries. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const ok = async (url: string) => (await checked(request(ctx.app.server).get(url).expect(200))).body;
const total = async (query: string) => (await ok(`/v1/statements?limit=1&${query}`)).total as number;

/** The filter that a facet value stands for. */
function filterFor(facet: string, value: string): string {
  if (facet === 'year') return `from=${value}-01-01&to=${value}-12-31`;
  if (facet === 'month') {
    const [y, m] = value.split('-').map(Number) as [number, number];
    return `from=${value}-01&to=${value}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  }
  return `${facet}=${value}`;
}

/** The query without the facet's own filter, as facets are counted. */
function withoutOwn(query: string, facet: string): string {
  const own = facet === 'year' || facet === 'month' ? ['from', 'to'] : [facet];
  return query
    .split('&')
    .filter((pair) => pair && !own.includes(pair.split('=')[0] ?? ''))
    .join('&');
}

describe('facets', () => {
  it.each(['', 'q=威圧', 'partner=FR', 'partner=FR&partnerMatch=direct', 'theme=export-controls&kind=joint_statement', 'q=economic%20coercion&from=2026-05-01', 'meetingKind=summit&to=2026-04-30'])(
    'with "%s" each count equals the total of applying that value',
    async (query) => {
      const body = await ok(`/v1/statements?facets=partner,theme,kind,meetingKind,year,month&limit=1&${query}`);
      expect(Object.keys(body.facets).sort()).toEqual(['kind', 'meetingKind', 'month', 'partner', 'theme', 'year']);
      for (const [facet, values] of Object.entries(body.facets as Record<string, { value: string; count: number }[]>)) {
        for (const { value, count } of values) {
          const base = withoutOwn(query, facet);
          expect(count, `${facet}=${value} with ${query}`).toBe(await total(`${base}&${filterFor(facet, value)}`));
        }
      }
    },
  );

  it('labels values in the answer language and orders by count', async () => {
    const body = await ok('/v1/statements?facets=partner,kind&lang=en&limit=1');
    expect(body.facets.partner[0]).toMatchObject({ value: 'FR', label: 'France', count: 4 });
    expect(body.facets.kind.find((k: { value: string }) => k.value === 'news_release')).toMatchObject({ label: 'News release / readout', count: 1 });
    const counts = body.facets.partner.map((p: { count: number }) => p.count);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('rejects an unknown facet', async () => {
    const res = await checked(request(ctx.app.server).get('/v1/statements?facets=partner,colour').expect(400));
    expect(res.body.errors[0]).toMatchObject({ in: 'query', name: 'facets' });
  });
});

describe('GET /v1/stats/overview', () => {
  it('totals the filtered statements and every resource', async () => {
    const body = await ok('/v1/stats/overview?partner=FR');
    expect(body.statements).toMatchObject({ total: 4, firstDate: '2026-04-01', lastDate: '2026-06-04', meetings: 4 });
    expect(body.totals).toEqual({ statements: 7, meetings: 7, partners: 8, themes: 14, briefings: 1 });
    expect(body.seedVersion).toBe('2026-06-15.1');
    expect(body.datasetVersion).toContain('2026-06-15.1@');
    const all = await ok('/v1/stats/overview');
    expect(all.statements).toMatchObject({ total: 7, firstDate: '2026-03-06', lastDate: '2026-06-04', highlights: 19 });
  });

  it('agrees with /v1/statements for a search', async () => {
    expect((await ok('/v1/stats/overview?q=威圧')).statements.total).toBe(await total('q=威圧'));
  });

  it('has an ETag and answers 304', async () => {
    const first = await request(ctx.app.server).get('/v1/stats/overview').expect(200);
    await checked(request(ctx.app.server).get('/v1/stats/overview').set('if-none-match', first.headers.etag as string).expect(304));
  });
});

describe('GET /v1/stats/timeline', () => {
  it('counts per month, zero-filled, summing to the total', async () => {
    const body = await ok('/v1/stats/timeline');
    expect(body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
    expect(body.periods.map((p: { count: number }) => p.count)).toEqual([2, 1, 3, 1]);
    expect(body.periods[1]).toMatchObject({ start: '2026-04-01', end: '2026-04-30' });
    const zeros = await ok('/v1/stats/timeline?from=2025-11-01&to=2026-02-28');
    expect(zeros.periods.map((p: { count: number }) => p.count)).toEqual([0, 0, 0, 0]);
  });

  it('groups by quarter and year', async () => {
    expect((await ok('/v1/stats/timeline?interval=quarter')).periods).toEqual([
      { period: '2026-Q1', start: '2026-01-01', end: '2026-03-31', count: 2 },
      { period: '2026-Q2', start: '2026-04-01', end: '2026-06-30', count: 5 },
    ]);
    expect((await ok('/v1/stats/timeline?interval=year')).periods).toEqual([{ period: '2026', start: '2026-01-01', end: '2026-12-31', count: 7 }]);
  });

  it('series per partner and per theme match the filters', async () => {
    for (const groupBy of ['partner', 'theme']) {
      const body = await ok(`/v1/stats/timeline?interval=quarter&groupBy=${groupBy}`);
      for (const series of body.series) {
        expect(series.counts.reduce((a: number, b: number) => a + b, 0), `${groupBy}=${series.value}`).toBe(await total(`${groupBy}=${series.value}`));
      }
    }
  });
});

describe('GET /v1/stats/themes-by-partner', () => {
  it('each cell equals the total of filtering by that partner and theme', async () => {
    const body = await ok('/v1/stats/themes-by-partner?lang=en');
    expect(body.partners).toHaveLength(8);
    expect(body.themes).toHaveLength(14);
    for (const [i, partner] of body.partners.entries()) {
      for (const [j, theme] of body.themes.entries()) {
        if ((i + j) % 3 !== 0) continue; // a third of the 112 cells keeps the test quick and still covers every row and column
        expect(body.counts[i][j], `${partner.code} × ${theme.id}`).toBe(await total(`partner=${partner.code}&theme=${theme.id}`));
      }
    }
    const fr = body.partners.findIndex((p: { code: string }) => p.code === 'FR');
    const exportControls = body.themes.findIndex((t: { id: string }) => t.id === 'export-controls');
    expect(body.counts[fr][exportControls]).toBe(4);
  });
});
