import { connect } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestDatabase, createTestApp, type TestContext } from '../helpers/test-app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const PROBLEM = /^application\/problem\+json/;

describe('probes', () => {
  it('GET /healthz answers 200', async () => {
    const res = await request(ctx.app.server).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /readyz answers 200 with the seed version', async () => {
    const res = await request(ctx.app.server).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok', seedVersion: '2026-06-15.1' });
  });

  it('keeps a plain request id the client sends', async () => {
    const res = await request(ctx.app.server).get('/healthz').set('x-request-id', 'dash-42.abc').expect(200);
    expect(res.headers['x-request-id']).toBe('dash-42.abc');
  });
});

describe('errors are RFC 9457 problems', () => {
  it('an unknown path is a 404 problem', async () => {
    const res = await request(ctx.app.server).get('/v1/nothing-here?x=1').expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: '/problems/not-found', title: 'Not found', status: 404, instance: '/v1/nothing-here?x=1' });
    expect(res.body.detail).toContain('/v1/nothing-here');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('a malformed URL is a 400 problem, not a crash', async () => {
    const res = await request(ctx.app.server).get('/docs/%E0%A4%A').expect((r) => expect(r.status).toBeLessThan(500));
    if (res.status !== 200) expect(res.headers['content-type']).toMatch(PROBLEM);
  });

  it('a header too large is a 431 problem', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
    const address = ctx.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(address.port, '127.0.0.1', () => {
        socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/Content-Type: application\/problem\+json/);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { status: number; type: string };
    expect(body).toMatchObject({ status: 431, type: '/problems/request-header-fields-too-large' });
  });

  it('a database that stops answering makes /readyz a 503 problem without internals', async () => {
    const broken = await createTestApp();
    await closeTestDatabase(broken.db);
    const res = await request(broken.app.server).get('/readyz').expect(503);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ status: 503, detail: 'The database does not answer.' });
    expect(JSON.stringify(res.body)).not.toMatch(/sqlite|stack|at .*\.ts/i);
    await broken.app.close();
  });
});
