/**
 * Every problem `type` is a URI that answers (src/platform/problem-types.ts, src/modules/problem-types/): each
 * entry of the registry has its page in Markdown, HTML and JSON, and each problem provoked from the running app
 * leads, through its `type`, to a page naming the same status and title. Every answer goes through the contract.
 */
import request, { type Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { problemTypeNames, problemTypes, problemTypeUri } from '../../src/platform/problem-types.js';
import { checked } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

const PROBLEM = /^application\/problem\+json/;
const STATEMENT = 'japan-france-summit-2026-04-joint-statement';

let ctx: TestContext;
let writer: string;
let reader: string;
beforeAll(async () => {
  ctx = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
  writer = `Bearer ${(await createApiKey(ctx.db, 'analyst', ['write'])).key}`;
  reader = `Bearer ${(await createApiKey(ctx.db, 'dashboard', ['read'])).key}`;
});
afterAll(async () => {
  await ctx.close();
});

const api = () => request(ctx.app.server);

interface Emitted {
  type: string;
  title: string;
  status: number;
}

/** Opens a problem's `type` in each form and checks that every one names the problem's status and title. */
async function expectPageOf({ type, title, status }: Emitted): Promise<void> {
  expect(type.startsWith('/problems/')).toBe(true);
  const json = await checked(api().get(type).set('accept', 'application/json').expect(200));
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(json.body).toMatchObject({ type, status, title, name: type.slice('/problems/'.length) });
  expect(json.body.description.length).toBeGreaterThan(40);

  const markdown = await checked(api().get(type).expect(200));
  expect(markdown.headers['content-type']).toBe('text/markdown; charset=utf-8');
  expect(markdown.text.startsWith(`# ${status} ${title}\n`)).toBe(true);
  expect(markdown.text).toContain(`\`${type}\``);

  const html = await checked(api().get(type).set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200));
  expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(html.text).toContain(`<h1>${status} ${title}</h1>`);
  // Nothing the API's CSP (default-src 'none') would block: no script, style or image.
  expect(html.headers['content-security-policy']).toMatch(/^default-src 'none'/);
  expect(html.text).not.toMatch(/<script|<style|<img|<link|style=/i);

  for (const page of [json, markdown, html]) {
    expect(page.headers.vary).toBe('Accept');
    expect(page.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(page.headers.etag).toMatch(/^"[\w-]+"$/);
  }
}

describe('the registry', () => {
  it.each(problemTypeNames)('/problems/%s is a page naming its status and title', async (name) => {
    await expectPageOf({ type: problemTypeUri(name), ...problemTypes[name] });
  });

  it('GET /problems lists every problem type, linking to each page', async () => {
    const json = await checked(api().get('/problems').set('accept', 'application/json').expect(200));
    expect(json.body.items.map((item: { name: string }) => item.name)).toEqual(problemTypeNames);
    const markdown = await checked(api().get('/problems').expect(200));
    const html = await checked(api().get('/problems').set('accept', 'text/html').expect(200));
    for (const name of problemTypeNames) {
      expect(markdown.text).toContain(`](${problemTypeUri(name)})`);
      expect(html.text).toContain(`<a href="${problemTypeUri(name)}">`);
    }
  });

  it('an unknown name is a 404 problem, which has its own page', async () => {
    for (const path of ['/problems/no-such-problem', '/problems/Not-Found']) {
      const res = await checked(api().get(path).expect(404));
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ type: '/problems/not-found', title: 'Not found', status: 404, instance: path });
    }
  });

  it('pages revalidate (304) and answer HEAD, like other GETs', async () => {
    const first = await checked(api().get('/problems/precondition-required').set('accept', 'text/html').expect(200));
    const etag = String(first.headers.etag);
    const again = await checked(api().get('/problems/precondition-required').set('accept', 'text/html').set('if-none-match', etag).expect(304));
    expect(again.text).toBe('');
    // Each form has its own ETag: a Markdown ETag does not revalidate the HTML page.
    const markdown = await checked(api().get('/problems/precondition-required').expect(200));
    const markdownEtag = String(markdown.headers.etag);
    expect(markdownEtag).not.toBe(etag);
    await checked(api().get('/problems/precondition-required').set('accept', 'text/html').set('if-none-match', markdownEtag).expect(200));
    // HEAD is answered but not (yet) in the document: no contract check here.
    await api().head('/problems/precondition-required').expect(200).expect('etag', markdownEtag);
  });

  it('a form that the Accept header rules out is a 406 problem', async () => {
    const res = await checked(api().get('/problems/conflict').set('accept', 'image/png, text/html;q=0').expect(406));
    expect(res.body).toMatchObject({ type: '/problems/not-acceptable', status: 406 });
    expect(res.body.detail).toBe('This page comes as text/markdown, text/html, application/json; the Accept header of the request allows none of them.');
    // The most specific range decides: text/html;q=0 rules out HTML even under */*.
    const json = await checked(api().get('/problems/conflict').set('accept', 'text/html;q=0, text/markdown;q=0.1, application/json;q=0.5, */*').expect(200));
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('every problem the server emits leads to its page', () => {
  /** Real answers, one per kind of problem that can be provoked through Fastify, each with the status it must have. */
  const provocations: [string, number, () => Test, 'no contract'?][] = [
    ['an invalid parameter', 400, () => api().get('/v1/statements?limit=0')],
    ['an unknown parameter', 400, () => api().get('/v1/themes?colour=red')],
    ['malformed JSON', 400, () => api().post('/v1/statements').set('authorization', writer).set('content-type', 'application/json').send('{"titleEn": ')],
    ['a write without a key', 401, () => api().post('/v1/themes').send({})],
    ['a write with a read key', 403, () => api().post('/v1/themes').set('authorization', reader).send({})],
    // A path the document cannot describe, being no operation's.
    ['an unknown path', 404, () => api().get('/v1/nothing-here'), 'no contract'],
    ['an unknown record', 404, () => api().get('/v1/statements/no-such-statement')],
    ['an unknown problem type', 404, () => api().get('/problems/no-such-problem')],
    ['a page in a form not offered', 406, () => api().get('/problems').set('accept', 'image/png')],
    ['a restore of a record not deleted', 409, () => api().post(`/v1/statements/${STATEMENT}/restore`).set('authorization', writer)],
    ['a stale If-Match', 412, () => api().patch(`/v1/statements/${STATEMENT}`).set('authorization', writer).set('if-match', '"stale"').send({ titleEn: 'x' })],
    ['a body above BODY_LIMIT_BYTES', 413, () => api().post('/v1/statements').set('authorization', writer).send({ titleEn: 'x'.repeat(5000) })],
    ['a body that is not JSON', 415, () => api().post('/v1/statements').set('authorization', writer).set('content-type', 'text/plain').send('hello')],
    ['a change that breaks a rule', 422, () => api().patch('/v1/themes/critical-minerals').set('authorization', writer).set('if-match', '*').send({ parentId: 'rare-earths' })],
    ['a change without If-Match', 428, () => api().patch(`/v1/statements/${STATEMENT}`).set('authorization', writer).send({ titleEn: 'x' })],
  ];

  it.each(provocations)('%s (%i)', async (_what, status, provoke, uncontracted) => {
    const res = uncontracted ? await provoke().expect(status) : await checked(provoke().expect(status));
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.status).toBe(status);
    await expectPageOf(res.body as Emitted);
  });

  it('too many requests (429): the pages count against the rate limit like other reads', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      await checked(request(limited.app.server).get('/problems/too-many-requests').expect(200));
      const res = await checked(request(limited.app.server).get('/problems/too-many-requests').expect(429));
      expect(res.headers['retry-after']).toBeDefined();
      await expectPageOf(res.body as Emitted);
    } finally {
      await limited.close();
    }
  });

  it('service unavailable (503): the pages are shed under load like other reads', async () => {
    const shedding = await createTestApp({ MAX_HEAP_USED_BYTES: '1' });
    try {
      // under-pressure measures the threshold as exceeded at its first sample, after about a second.
      const deadline = Date.now() + 5000;
      while (!shedding.app.isUnderPressure()) {
        if (Date.now() > deadline) throw new Error('under-pressure never measured the threshold as exceeded');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const res = await checked(request(shedding.app.server).get('/problems/service-unavailable').expect(503));
      await expectPageOf(res.body as Emitted);
    } finally {
      await shedding.close();
    }
  });
});
