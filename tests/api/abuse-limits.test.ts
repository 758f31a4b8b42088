/**
 * Abuse limits (src/platform/abuse-limits.ts): rate limits per API key and per IP (429), body size (413),
 * JSON only (415), bad JSON (400), security headers and CSP, request timeouts (408, on a real socket) and
 * load shedding (503). Answers the OpenAPI document describes go through `checked`.
 */
import { connect } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { LOAD_SHEDDING_RETRY_AFTER_SECONDS } from '../../src/platform/load-shedding.js';
import { assertMatchesOpenApi, checked, openApiDocument } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';
import { FixedWindowLimiter } from '../../src/platform/fixed-window-limiter.js';

const PROBLEM = /^application\/problem\+json/;

const opened: TestContext[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((ctx) => ctx.close()));
});

async function app(env: Record<string, string> = {}): Promise<TestContext> {
  const ctx = await createTestApp(env);
  opened.push(ctx);
  return ctx;
}

interface InjectedAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** For answers made with `inject` (which can choose the client's address): the same contract check as `checked`. */
function checkedInject(method: string, path: string, res: InjectedAnswer): InjectedAnswer {
  assertMatchesOpenApi({ method, path, status: res.statusCode, contentType: res.headers['content-type'] as string | undefined, text: res.body, headers: res.headers });
  return res;
}

function expectTooManyRequests(res: { headers: Record<string, unknown>; body: unknown }, window: number): void {
  expect(String(res.headers['content-type'])).toMatch(PROBLEM);
  expect(res.body).toMatchObject({ type: '/problems/too-many-requests', title: 'Too many requests', status: 429 });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(window);
  expect(res.headers['ratelimit-remaining']).toBe('0');
  expect(res.headers['ratelimit-reset']).toBe(String(retryAfter));
}

describe('rate limits (429)', () => {
  it('answers a 429 problem with Retry-After and RateLimit headers once a client exceeds RATE_LIMIT_MAX', async () => {
    const ctx = await app({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    for (const remaining of ['2', '1', '0']) {
      const res = await checked(request(ctx.app.server).get('/v1/themes').expect(200));
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-remaining']).toBe(remaining);
    }
    const res = await checked(request(ctx.app.server).get('/v1/themes').set('origin', 'https://dash.example').expect(429));
    expectTooManyRequests(res, 60);
    expect(res.body.detail).toBe(`Rate limit exceeded: at most 3 requests per 60 s from this IP address; try again in ${res.headers['retry-after']} s.`);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    // A browser can read the 429 and its headers.
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toMatch(/Retry-After.*RateLimit-Limit.*RateLimit-Remaining.*RateLimit-Reset/);

    // Every route draws from the same budget, unknown paths too; the probes never do.
    expectTooManyRequests(await checked(request(ctx.app.server).get('/v1/statements').expect(429)), 60);
    expectTooManyRequests(await request(ctx.app.server).get('/v1/no-such-thing').expect(429), 60);
    await checked(request(ctx.app.server).get('/healthz').expect(200));
    await checked(request(ctx.app.server).get('/readyz').expect(200));
    // CORS preflights are answered before the limiter.
    await request(ctx.app.server)
      .options('/v1/themes')
      .set('origin', 'https://dash.example')
      .set('access-control-request-method', 'GET')
      .expect(204);
  });

  it('gives every IP address its own budget (IPv6 by /64)', async () => {
    const ctx = await app({ RATE_LIMIT_MAX: '1' });
    const get = (remoteAddress: string) => ctx.app.inject({ method: 'GET', url: '/v1/themes', remoteAddress });
    expect((await get('203.0.113.1')).statusCode).toBe(200);
    const limited = checkedInject('GET', '/v1/themes', await get('203.0.113.1'));
    expect(limited.statusCode).toBe(429);
    expect(JSON.parse(limited.body).detail).toContain('from this IP address');
    expect((await get('203.0.113.2')).statusCode).toBe(200);
    expect((await get('2001:db8:1:1::1')).statusCode).toBe(200);
    expect((await get('2001:db8:1:1::2')).statusCode).toBe(429);
    expect((await get('2001:db8:1:2::1')).statusCode).toBe(200);
  });

  it('gives every real API key its own budget, apart from its address', async () => {
    const ctx = await app({ RATE_LIMIT_MAX: '2' });
    const a = (await createApiKey(ctx.db, 'dashboard-a', ['read'])).key;
    const b = (await createApiKey(ctx.db, 'dashboard-b', ['read'])).key;
    const get = (key?: string) => {
      const req = request(ctx.app.server).get('/v1/partners');
      return key ? req.set('authorization', `Bearer ${key}`) : req;
    };

    // The address (no key) runs out...
    await get().expect(200);
    await get().expect(200);
    await checked(get().expect(429));
    // ...as does a header that is not a well-formed key: it counts against the address,
    await get('not-a-key').expect(429);
    // and so do made-up or revoked keys: a fresh id does not buy a fresh budget.
    await get(`esk_${'0'.repeat(16)}_${'a'.repeat(43)}`).expect(429);
    await get(`esk_${'1'.repeat(16)}_${'b'.repeat(43)}`).expect(429);
    // Each key has a budget of its own, from the same address.
    await get(a).expect(200);
    await get(a).expect(200);
    const limited = await checked(get(a).expect(429));
    expectTooManyRequests(limited, 60);
    expect(limited.body.detail).toContain('from this API key');
    const fromB = await checked(get(b).expect(200));
    expect(fromB.headers['ratelimit-remaining']).toBe('1');
    // The budget belongs to the key, wherever it is used from.
    const elsewhere = await ctx.app.inject({ method: 'GET', url: '/v1/partners', remoteAddress: '198.51.100.7', headers: { authorization: `Bearer ${a}` } });
    expect(elsewhere.statusCode).toBe(429);
  });

  it('limits writes (POST, PATCH, DELETE) to RATE_LIMIT_WRITE_MAX, apart from reads', async () => {
    const ctx = await app({ RATE_LIMIT_MAX: '100', RATE_LIMIT_WRITE_MAX: '2' });
    const { key } = await createApiKey(ctx.db, 'curator', ['write']);
    const post = () => request(ctx.app.server).post('/v1/statements').set('authorization', `Bearer ${key}`).send({});
    await checked(post().expect(400));
    await checked(post().expect(400));
    const res = await checked(post().expect(429));
    expectTooManyRequests(res, 60);
    expect(res.body.detail).toMatch(/^Rate limit exceeded: at most 2 write requests \(POST, PATCH, DELETE\) per 60 s from this API key/);
    await checked(request(ctx.app.server).delete('/v1/statements/whatever').set('authorization', `Bearer ${key}`).expect(429));
    // Reads still have their own budget.
    const read = await checked(request(ctx.app.server).get('/v1/themes').set('authorization', `Bearer ${key}`).expect(200));
    expect(read.headers['ratelimit-limit']).toBe('100');
  });

  it('renews the budget after RATE_LIMIT_WINDOW_SECONDS', async () => {
    const ctx = await app({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '1' });
    await request(ctx.app.server).get('/v1/themes').expect(200);
    const res = await request(ctx.app.server).get('/v1/themes').expect(429);
    expect(res.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await request(ctx.app.server).get('/v1/themes').expect(200);
  });

  it('is off with RATE_LIMIT_MAX=0', async () => {
    const ctx = await app({ RATE_LIMIT_MAX: '0' });
    for (let i = 0; i < 5; i++) {
      const res = await request(ctx.app.server).get('/v1/themes').expect(200);
      expect(res.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('documents 429 and 503 on every operation but the liveness probe', () => {
    const document = openApiDocument();
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item)) {
        const codes = Object.keys(operation?.responses ?? {});
        if (path === '/healthz') {
          expect(codes, `${method} ${path}`).not.toContain('429');
          expect(codes, `${method} ${path}`).not.toContain('503');
        } else {
          expect(codes, `${method} ${path}`).toContain('503');
          if (path !== '/readyz') expect(codes, `${method} ${path}`).toContain('429');
        }
      }
    }
  });
});

describe('request bodies', () => {
  async function writer(env: Record<string, string> = {}) {
    const ctx = await app(env);
    const { key } = await createApiKey(ctx.db, 'curator', ['write']);
    return { ctx, auth: `Bearer ${key}` };
  }

  it('answers a body above BODY_LIMIT_BYTES with a 413 problem naming the limit', async () => {
    const { ctx, auth } = await writer({ BODY_LIMIT_BYTES: '1024' });
    const res = await checked(
      request(ctx.app.server)
        .post('/v1/statements')
        .set('authorization', auth)
        .send({ titleEn: 'x'.repeat(2000) })
        .expect(413),
    );
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(res.body.detail).toBe('The request body is larger than the 1024 bytes this server accepts.');
  });

  it('accepts bodies up to 1 MiB by default', async () => {
    const { ctx, auth } = await writer();
    const body = (size: number) => JSON.stringify({ titleEn: 'x'.repeat(size - 14) });
    expect(body(1_048_576)).toHaveLength(1_048_576);
    const fits = await ctx.app.inject({ method: 'POST', url: '/v1/statements', headers: { authorization: auth, 'content-type': 'application/json' }, payload: body(1_048_576) });
    expect(fits.statusCode).toBe(400); // parsed, then refused by the schema
    const tooBig = await ctx.app.inject({ method: 'POST', url: '/v1/statements', headers: { authorization: auth, 'content-type': 'application/json' }, payload: body(1_048_577) });
    expect(tooBig.statusCode).toBe(413);
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['application/xml', '<a/>'],
  ])('answers a POST body sent as %s with a 415 problem naming application/json', async (type, payload) => {
    const { ctx, auth } = await writer();
    const res = await checked(request(ctx.app.server).post('/v1/statements').set('authorization', auth).set('content-type', type).send(payload).expect(415));
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.headers['accept-post']).toBe('application/json');
    expect(res.body).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
    expect(res.body.detail).toBe(`The body must be sent with Content-Type: application/json; this one came as ${type}.`);
  });

  it('answers a body without a Content-Type, and a PATCH as text, with 415', async () => {
    const { ctx, auth } = await writer();
    const bare = checkedInject(
      'POST',
      '/v1/statements',
      await ctx.app.inject({ method: 'POST', url: '/v1/statements', headers: { authorization: auth }, payload: Buffer.from('{"titleEn":"x"}') }),
    );
    expect(bare.statusCode).toBe(415);
    expect(JSON.parse(bare.body).detail).toContain('without a Content-Type');

    const id = 'japan-france-summit-2026-04-joint-statement';
    const patch = await checked(
      request(ctx.app.server).patch(`/v1/statements/${id}`).set('authorization', auth).set('content-type', 'text/plain').send('x').expect(415),
    );
    expect(patch.headers['accept-patch']).toBe('application/json');
  });

  it('names what a route consumes when it is not JSON (NDJSON import)', async () => {
    const ctx = await app();
    const { key } = await createApiKey(ctx.db, 'admin', ['admin']);
    const res = await checked(
      request(ctx.app.server).post('/v1/import/statements').set('authorization', `Bearer ${key}`).set('content-type', 'text/plain').send('{}').expect(415),
    );
    expect(res.headers['accept-post']).toBe('application/x-ndjson');
    expect(res.body.detail).toBe('The body must be sent with Content-Type: application/x-ndjson; this one came as text/plain.');
  });

  it('still takes application/json with a charset, and a POST without a body', async () => {
    const { ctx, auth } = await writer();
    await checked(
      request(ctx.app.server).post('/v1/statements').set('authorization', auth).set('content-type', 'application/json; charset=utf-8').send('{}').expect(400),
    );
    // Restoring has no body: no Content-Type needed (409: the statement is not deleted).
    await checked(request(ctx.app.server).post('/v1/statements/japan-france-summit-2026-04-joint-statement/restore').set('authorization', auth).expect(409));
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const { ctx, auth } = await writer();
    const res = await checked(
      request(ctx.app.server).post('/v1/statements').set('authorization', auth).set('content-type', 'application/json').send('{"titleEn": ').expect(400),
    );
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: '/problems/invalid-request', status: 400 });
    expect(res.body.detail).toMatch(/not valid JSON/);
  });
});

describe('security headers', () => {
  const API_CSP = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

  it('sends helmet headers and a CSP that allows nothing on JSON answers, errors included', async () => {
    const ctx = await app();
    for (const [path, status] of [['/v1/themes', 200], ['/v1/no-such-thing', 404], ['/openapi.json', 200], ['/healthz', 200]] as const) {
      const res = await request(ctx.app.server).get(path).expect(status);
      expect(res.headers['content-security-policy'], path).toBe(API_CSP);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['x-frame-options'], path).toBe('DENY');
      expect(res.headers['referrer-policy'], path).toBe('no-referrer');
      expect(res.headers['strict-transport-security'], path).toMatch(/^max-age=\d+/);
      expect(res.headers['cross-origin-opener-policy'], path).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy'], path).toBe('same-origin');
      expect(res.headers['x-powered-by'], path).toBeUndefined();
    }
  });

  it('gives /docs a CSP that lets Swagger UI load its own files, and nothing else', async () => {
    const ctx = await app();
    for (const path of ['/docs', '/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-initializer.js']) {
      const res = await request(ctx.app.server).get(path).expect(200);
      const csp = String(res.headers['content-security-policy']);
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
      expect(directives['default-src'], path).toEqual(["'none'"]);
      expect(directives['script-src'], path).toEqual(["'self'"]); // no inline scripts, no eval
      expect(directives['connect-src'], path).toEqual(["'self'"]);
      expect(directives['frame-ancestors'], path).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('keeps CORS working for reads', async () => {
    const ctx = await app();
    const res = await request(ctx.app.server).get('/v1/themes').set('origin', 'https://dash.example').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

/** Opens a raw connection, writes `data`, and resolves with everything the server sends until it closes. */
function rawExchange(port: number, data: string): Promise<{ text: string; elapsedMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => resolve({ text, elapsedMs: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer within 10 s; got ${JSON.stringify(text)}`)));
  });
}

describe('request timeouts (408)', () => {
  async function listening(env: Record<string, string>) {
    const ctx = await app(env);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    return { ctx, port: address.port };
  }

  function expect408(text: string): void {
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/Content-Type: application\/problem\+json/);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { status: number; type: string; detail: string };
    expect(body).toMatchObject({ status: 408, type: '/problems/request-timeout', detail: 'The request took too long to arrive.' });
  }

  it('configures the server from REQUEST_TIMEOUT_MS', async () => {
    const { ctx } = await listening({ REQUEST_TIMEOUT_MS: '300' });
    expect(ctx.app.server.requestTimeout).toBe(300);
    expect(ctx.app.server.headersTimeout).toBe(300);
    expect(ctx.app.server.timeout).toBe(600); // idle connections: twice as long
    const defaults = await listening({});
    expect(defaults.ctx.app.server.requestTimeout).toBe(30_000);
  });

  it('answers a body that stops arriving with a 408 problem', async () => {
    const { ctx, port } = await listening({ REQUEST_TIMEOUT_MS: '300' });
    const { key } = await createApiKey(ctx.db, 'slow', ['write']);
    const { text, elapsedMs } = await rawExchange(
      port,
      'POST /v1/statements HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${key}\r\nContent-Length: 100\r\n\r\n{"titleEn":`,
    );
    expect408(text);
    expect(elapsedMs).toBeGreaterThanOrEqual(250);
  });

  it('answers headers that stop arriving with a 408 problem', async () => {
    const { port } = await listening({ REQUEST_TIMEOUT_MS: '300' });
    const { text } = await rawExchange(port, 'GET /v1/themes HTTP/1.1\r\nHost: x\r\n');
    expect408(text);
  });

  it('lets a request that arrives in time through', async () => {
    const { port } = await listening({ REQUEST_TIMEOUT_MS: '300' });
    const { text } = await rawExchange(port, 'GET /v1/themes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('load shedding (503)', () => {
  /** A threshold of 1 byte is exceeded as soon as under-pressure takes its first sample (after ~1 s). */
  async function underPressure(env: Record<string, string>) {
    const ctx = await app(env);
    const deadline = Date.now() + 5000;
    while (!ctx.app.isUnderPressure()) {
      if (Date.now() > deadline) throw new Error('under-pressure never measured the threshold as exceeded');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return ctx;
  }

  it.each([['MAX_HEAP_USED_BYTES'], ['MAX_RSS_BYTES']])('answers 503 problems with Retry-After when %s is exceeded', async (name) => {
    const ctx = await underPressure({ [name]: '1' });
    const res = await checked(request(ctx.app.server).get('/v1/themes').set('origin', 'https://dash.example').expect(503));
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.headers['retry-after']).toBe(String(LOAD_SHEDDING_RETRY_AFTER_SECONDS));
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    expect(res.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
    expect(res.body.detail).toBe('The service is temporarily unable to answer; try again shortly.');
    // Writes are shed before authentication or parsing.
    await checked(request(ctx.app.server).post('/v1/statements').send({}).expect(503));
    // Not ready while shedding; but alive (a restart would not help).
    await checked(request(ctx.app.server).get('/readyz').expect(503));
    await checked(request(ctx.app.server).get('/healthz').expect(200));
  });

  it('does not shed load below the thresholds (defaults)', async () => {
    const ctx = await app({ MAX_EVENT_LOOP_DELAY_MS: '1000' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(ctx.app.isUnderPressure()).toBe(false);
    await checked(request(ctx.app.server).get('/v1/themes').expect(200));
  });
});

describe('FixedWindowLimiter', () => {
  it('counts per key in windows that open at the first request, and renews them', () => {
    const limiter = new FixedWindowLimiter(2, 1000);
    expect(limiter.hit('a', 0)).toEqual({ count: 1, msLeft: 1000 });
    expect(limiter.hit('a', 400)).toEqual({ count: 2, msLeft: 600 });
    expect(limiter.hit('b', 500)).toEqual({ count: 1, msLeft: 1000 });
    expect(limiter.hit('a', 999)).toEqual({ count: 3, msLeft: 1 });
    expect(limiter.hit('a', 1000)).toEqual({ count: 1, msLeft: 1000 });
  });

  it('hitWithin counts like hit until the budget is spent, then counts nothing', () => {
    const limiter = new FixedWindowLimiter(2, 1000);
    expect(limiter.hitWithin('a', 0)).toEqual({ count: 1, msLeft: 1000 });
    expect(limiter.hitWithin('a', 100)).toEqual({ count: 2, msLeft: 900 });
    expect(limiter.hitWithin('a', 200)).toBeNull();
    expect(limiter.hit('a', 300)).toEqual({ count: 3, msLeft: 700 });
    expect(limiter.hitWithin('a', 1000)).toEqual({ count: 1, msLeft: 1000 });
  });

  it('keeps at most maxClients windows, dropping expired ones first, then the oldest', () => {
    const limiter = new FixedWindowLimiter(5, 1000, 2);
    limiter.hit('old', 0);
    limiter.hit('kept', 500);
    limiter.hit('new', 1200); // 'old' has expired: dropped, 'kept' stays
    expect(limiter.hit('kept', 1300).count).toBe(2);
    limiter.hit('newest', 1400); // nothing expired: the oldest window ('kept') goes
    expect(limiter.hit('kept', 1450).count).toBe(1);
  });
});
