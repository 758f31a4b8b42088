import { sql } from 'drizzle-orm';
import request from 'supertest';
import type { Response } from 'supertest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDatabase, createTestApp, runSql, type TestContext } from '../helpers/test-app.js';

/**
 * The cached-answer lane (src/platform/http-cache/cached-answer-lane.ts) answers repeated GETs before Fastify. A client must not
 * be able to tell: every header and byte is compared with Fastify's own answer to the same request (`app.inject`
 * never passes through the lane, requests on `app.server` do), and whatever the lane must not answer reaches Fastify.
 */

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

/** Headers that differ between any two answers: made per request, or by Node's HTTP server (inject has none). */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'ratelimit-remaining', 'ratelimit-reset']);

function comparable(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !PER_ANSWER.has(name.toLowerCase()))
      .map(([name, value]): [string, string] => [name.toLowerCase(), String(value)])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

async function start(env: Record<string, string> = {}) {
  ctx = await createTestApp(env);
  const { app } = ctx;
  const lane = app.cachedAnswerLane;
  /** GET on the real server; `viaLane` says whether the lane answered it. */
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const before = lane.answered;
    const res: Response = await request(app.server).get(url).set(headers).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (chunk: Buffer) => chunks.push(chunk));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return { res, body: res.body as Buffer, viaLane: lane.answered > before };
  };
  const inject = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  return { app, get, inject };
}

const URLS = [
  '/v1/statements',
  '/v1/statements?lang=en',
  '/v1/statements?partner=FR&theme=export-controls&lang=en',
  '/v1/statements?q=%E5%A8%81%E5%9C%A7',
  '/v1/statements?facets=partner,theme&limit=2',
  '/v1/statements/oecd-ministerial-council-2026-chair-statement',
  '/v1/partners',
  '/v1/stats/timeline',
  '/v1/briefings',
];

describe('the cached-answer lane', () => {
  it('answers a repeated GET with the same status, headers and bytes as Fastify, in both languages', async () => {
    const { get, inject } = await start();
    for (const url of URLS) {
      for (const headers of [{}, { 'accept-language': 'en' }] as Record<string, string>[]) {
        const first = await get(url, headers);
        expect(first.res.status, url).toBe(200);
        // A URL naming its language is one answer whatever Accept-Language says: its second asking is a replay.
        const fresh = !url.includes('lang=') || Object.keys(headers).length === 0;
        expect(first.viaLane, `${url}: the first answer is Fastify's`).toBe(!fresh);
        const second = await get(url, headers);
        expect(second.viaLane, `${url}: the second answer is the lane's`).toBe(true);
        const fastify = await inject(url, headers);
        expect(second.res.status).toBe(200);
        expect(comparable(second.res.headers), url).toEqual(comparable(fastify.headers));
        expect(comparable(second.res.headers), url).toEqual(comparable(first.res.headers));
        expect(second.body.equals(fastify.rawPayload), url).toBe(true);
        expect(second.res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
        expect(second.res.headers['x-request-id']).not.toBe(first.res.headers['x-request-id']);
      }
    }
  });

  it('answers revalidations (If-None-Match, weak or listed, and If-Modified-Since) with the same 304 as Fastify', async () => {
    const { get, inject } = await start();
    const url = '/v1/statements?lang=en';
    const first = await get(url);
    const etag = String(first.res.headers.etag);
    const lastModified = String(first.res.headers['last-modified']);
    for (const headers of [
      { 'if-none-match': etag },
      { 'if-none-match': `"other", W/${etag}` },
      { 'if-none-match': '*' },
      { 'if-modified-since': lastModified },
    ] as Record<string, string>[]) {
      const lane = await get(url, headers);
      expect(lane.viaLane).toBe(true);
      expect(lane.res.status, JSON.stringify(headers)).toBe(304);
      expect(lane.body.length).toBe(0);
      const fastify = await inject(url, headers);
      expect(fastify.statusCode).toBe(304);
      expect(comparable(lane.res.headers), JSON.stringify(headers)).toEqual(comparable(fastify.headers));
    }
    // Validators that do not match get the whole answer; If-None-Match wins over If-Modified-Since.
    for (const headers of [{ 'if-none-match': '"other"' }, { 'if-none-match': '"other"', 'if-modified-since': lastModified }, { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }] as Record<string, string>[]) {
      const lane = await get(url, headers);
      expect(lane.viaLane).toBe(true);
      expect(lane.res.status, JSON.stringify(headers)).toBe(200);
      expect(lane.body.equals(first.body)).toBe(true);
    }
  });

  it('echoes an acceptable X-Request-Id and counts each answer against the rate limit', async () => {
    const { get } = await start();
    await get('/v1/statements');
    const a = await get('/v1/statements', { 'x-request-id': 'dashboard-42.poll:7' });
    expect(a.viaLane).toBe(true);
    expect(a.res.headers['x-request-id']).toBe('dashboard-42.poll:7');
    const b = await get('/v1/statements', { 'x-request-id': 'no spaces allowed' });
    expect(b.res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(b.res.headers['ratelimit-remaining'])).toBe(Number(a.res.headers['ratelimit-remaining']) - 1);
  });

  it('leaves the 429 to Fastify once the budget is spent, with Retry-After and a problem', async () => {
    const { get } = await start({ RATE_LIMIT_MAX: '3' });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await get('/v1/statements'));
    expect(answers.map((a) => a.res.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.viaLane)).toEqual([false, true, true, false]);
    expect(answers.map((a) => a.res.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    const limited = answers[3]!.res;
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('never answers what it must not: other methods, Origin, Authorization, changed data, a closing server', async () => {
    const { app, get } = await start({ CORS_ORIGINS: 'https://dash.example' });
    const url = '/v1/statements/oecd-ministerial-council-2026-chair-statement';
    const first = await get(url);
    expect((await get(url)).viaLane).toBe(true);

    // CORS answers depend on the Origin: Fastify's plugin makes them.
    const cors = await get(url, { origin: 'https://dash.example' });
    expect(cors.viaLane).toBe(false);
    expect(cors.res.headers['access-control-allow-origin']).toBe('https://dash.example');
    expect((await get(url, { authorization: 'Bearer esk_nope_nope' })).viaLane).toBe(false);

    const before = app.cachedAnswerLane.answered;
    const head = await request(app.server).head(url);
    expect(head.status).toBe(200);
    expect(app.cachedAnswerLane.answered).toBe(before);

    // A change to the data makes a new answer (and a new ETag), through Fastify, which the lane then replays.
    await runSql(ctx!.db, sql`UPDATE statements SET title_en = title_en || ' (revised)' WHERE id = ${'oecd-ministerial-council-2026-chair-statement'}`);
    const changed = await get(url, { 'accept-language': 'en' });
    expect(changed.viaLane).toBe(false);
    expect(changed.res.headers.etag).not.toBe(first.res.headers.etag);
    expect(changed.body.toString()).toContain('(revised)');
    const again = await get(url, { 'accept-language': 'en' });
    expect(again.viaLane).toBe(true);
    expect(again.body.equals(changed.body)).toBe(true);

    // Once the app is closing, Fastify answers (its 503, connection closing) instead of the lane.
    await app.close();
    const { db } = ctx!;
    ctx = { ...ctx!, close: async () => closeTestDatabase(db) };
    const fake = { method: 'GET', url, headers: {}, socket: {} } as unknown as IncomingMessage;
    expect(app.cachedAnswerLane.answer(fake, {} as ServerResponse)).toBe(false);
  });

  it('leaves a failing database to Fastify, whose problem handler answers', async () => {
    const { get } = await start();
    await get('/v1/statements');
    expect((await get('/v1/statements')).viaLane).toBe(true);
    await closeTestDatabase(ctx!.db);
    const failed = await get('/v1/statements');
    expect(failed.viaLane).toBe(false);
    expect(failed.res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.body.toString()).not.toMatch(/sqlite|stack|at .*\.ts/i);
    const { app } = ctx!;
    ctx = { ...ctx!, close: () => app.close() };
  });

  it('is off where reads need a key, and without a response cache', async () => {
    for (const env of [{ REQUIRE_AUTH_FOR_READS: 'true' }, { RESPONSE_CACHE_MAX_ENTRIES: '0' }] as Record<string, string>[]) {
      const { get } = await start(env);
      await get('/v1/statements');
      const second = await get('/v1/statements');
      expect(second.viaLane, JSON.stringify(env)).toBe(false);
      await ctx!.close();
      ctx = undefined;
    }
  });
});
