import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesOpenApi } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * Property tests for everything that parses a query string: whatever a client sends, the answer is a 200
 * or a 4xx problem that the OpenAPI document describes, never a 5xx.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');

const names = [
  'partner', 'partnerMatch', 'theme', 'kind', 'meetingKind', 'meeting', 'representative', 'from', 'to', 'updatedSince',
  'sort', 'limit', 'cursor', 'lang', 'memberOf', 'parent', 'q', '__proto__', 'constructor', 'limit[]', '',
];
const hostile = [
  '', ',', ',,', 'FR,', ',FR', 'fr,us', '1e309', 'Infinity', '-0', '0x10', '1.0', '00000000000000000001', 'NaN',
  '2026-02-30', '2026-13-01', '9999-12-31', '0000-00-00', '2026-06-15T25:00:00Z', '-date', '--date', 'date,-date',
  "' OR 1=1 --", '"', '\u0000', '\ud800', '🙂', 'Ｇ７', '経済的威圧', 'a'.repeat(3000), 'eyJrIjpbbnVsbCwiYSJdLCJmIjoiIn0',
];
const value = fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const pair = fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), value, fc.boolean());
const paths = ['/v1/statements', '/v1/meetings', '/v1/partners', '/v1/themes', '/v1/briefings', '/v1/statements/japan-us-summit-2026-03-news-release', '/v1/partners/fr'];

describe('query strings (property)', () => {
  it('never produce a 5xx, and every answer matches the OpenAPI document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.array(pair, { maxLength: 5 }), async (path, pairs) => {
        const query = pairs.map(([k, v, raw]) => `${raw ? k : percentEncode(k)}=${raw ? v.replace(/[#&\s]/g, '') : percentEncode(v)}`).join('&');
        const url = `${path}?${query}`;
        const res = await ctx.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBeLessThan(500);
        if (res.statusCode === 200 || res.statusCode === 400) {
          assertMatchesOpenApi({
            method: 'GET',
            path: url,
            status: res.statusCode,
            contentType: String(res.headers['content-type']),
            text: res.body,
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  it('paths with arbitrary ids never produce a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('statements', 'meetings', 'partners', 'themes', 'briefings'), fc.oneof(value, fc.string()), async (resource, id) => {
        const res = await ctx.app.inject({ method: 'GET', url: `/v1/${resource}/${percentEncode(id) || 'x'}` });
        expect(res.statusCode).toBeLessThan(500);
        // 414: longer than any id can be (the router's maxParamLength).
        expect([200, 400, 404, 414]).toContain(res.statusCode);
        if (res.statusCode !== 200) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 300 },
    );
  });
});
