import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryItOutUrl, type DocumentedOperation } from '../../src/platform/try-it-out.js';
import { checked, openApiDocument } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * "Try it out" in /docs sends every documented example (or default) at once. On the seeded briefing, that
 * request must work for every GET of the committed document, and a list must show at least one item: an
 * example that only works with another (a cursor) or two examples that together match nothing fail here.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

/** The seed writes no revisions: these lists are empty until a curator edits, whatever the examples. */
const EMPTY_IN_THE_SEED = /\/revisions$/;

const gets = Object.entries(openApiDocument().paths ?? {}).flatMap(([template, item]) => {
  const op = item.get as (DocumentedOperation & { responses?: Record<string, unknown> }) | undefined;
  return op ? [{ template, op }] : [];
});

describe('Try it out with the documented examples', () => {
  it('covers every GET of the document', () => {
    expect(gets.length).toBeGreaterThan(20);
  });

  it.each(gets.map(({ template, op }) => [template, op] as const))('GET %s answers 2xx, with items when it is a list', async (template, op) => {
    const url = tryItOutUrl(template, op);
    expect(url, `${template}: every path parameter needs an example`).toBeDefined();
    const res = await checked(request(ctx.app.server).get(url!));
    expect(res.status, `${url} → ${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
    expect(res.status, `${url} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(300);
    const body = res.body as { data?: unknown; statements?: { total?: number } };
    if (Array.isArray(body?.data) && !EMPTY_IN_THE_SEED.test(template)) expect(body.data.length, `${url} lists nothing`).toBeGreaterThan(0);
    // The statistics and the CSV export filter as the list does: they must count or write something too.
    if (template === '/v1/stats/overview') expect(body.statements?.total, `${url} counts nothing`).toBeGreaterThan(0);
    if (res.type === 'text/csv') expect(res.text.trim().split('\n').length, `${url} writes only the header`).toBeGreaterThan(1);
  });
});
