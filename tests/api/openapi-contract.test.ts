import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertMatchesOpenApi,
  checked,
  expectMatchesOpenApi,
  matchPathTemplate,
  OpenApiContractError,
  openApiDocument,
  type HttpExchange,
} from '../helpers/openapi-contract.js';
import { closeTestDatabase, createTestApp, type TestContext } from '../helpers/test-app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

/** A well-formed answer of GET /healthz, to vary one thing at a time in the negative tests. */
const healthy: HttpExchange = {
  method: 'GET',
  path: '/healthz',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  text: '{"status":"ok"}',
};

describe('real answers match the committed OpenAPI document', () => {
  it('GET /healthz', async () => {
    const res = await checked(request(ctx.app.server).get('/healthz').expect(200));
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz', async () => {
    const res = await checked(request(ctx.app.server).get('/readyz').expect(200));
    expect(res.body.database).toBe('ok');
  });

  it('ignores the query string and a trailing slash when finding the operation', async () => {
    await checked(request(ctx.app.server).get('/healthz/?probe=1').expect(200));
  });

  it('reads the request line from supertest 7 (res.req.method and res.req.path)', async () => {
    const res = await request(ctx.app.server).get('/healthz?x=1');
    const req = (res as unknown as { req: { method: string; path: string } }).req;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/healthz?x=1');
    expect(() => expectMatchesOpenApi(res)).not.toThrow();
  });

  it('GET /readyz with a dead database: a 503 problem, documented as application/problem+json', async () => {
    const broken = await createTestApp();
    try {
      await closeTestDatabase(broken.db);
      const res = await checked(request(broken.app.server).get('/readyz').expect(503));
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await broken.app.close();
    }
  });
});

describe('the checker fails when it should', () => {
  it('an unknown path is not documented, so its 404 problem fails the check', async () => {
    const res = await request(ctx.app.server).get('/v1/nothing?x=1').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(() => expectMatchesOpenApi(res)).toThrow(OpenApiContractError);
    expect(() => expectMatchesOpenApi(res)).toThrow(/GET \/v1\/nothing\?x=1 → 404: no path of the OpenAPI document matches \/v1\/nothing/);
    await expect(checked(request(ctx.app.server).get('/v1/nothing'))).rejects.toThrow(OpenApiContractError);
  });

  it('a body of the wrong type is reported with its instancePath', () => {
    const run = () => assertMatchesOpenApi({ ...healthy, text: '{"status":42,"extra":true}' });
    expect(run).toThrow(OpenApiContractError);
    expect(run).toThrow(/\/status must be string/);
    expect(run).toThrow(/\(root\) must NOT have additional properties 'extra'/);
  });

  it('a body missing a required field, resolved through a $ref to a component schema', () => {
    const problem = JSON.stringify({ type: '/problems/service-unavailable', title: 'x', status: '503', detail: 'x', instance: '/readyz' });
    const run = () => assertMatchesOpenApi({ method: 'GET', path: '/readyz', status: 503, contentType: 'application/problem+json', text: problem });
    expect(run).toThrow(/must have required property 'requestId'/);
    expect(run).toThrow(/\/status must be integer/);
  });

  it('an undocumented method, status or content type, and a body that is not JSON', () => {
    expect(() => assertMatchesOpenApi({ ...healthy, method: 'POST' })).toThrow(/\/healthz does not document POST \(it documents GET\)/);
    expect(() => assertMatchesOpenApi({ ...healthy, status: 418 })).toThrow(/status 418 is not documented .*\(documented: 200, 500\)/);
    expect(() => assertMatchesOpenApi({ ...healthy, contentType: 'text/plain' })).toThrow(/content type text\/plain is not documented for status 200/);
    expect(() => assertMatchesOpenApi({ ...healthy, text: '{"status":' })).toThrow(/body is not valid JSON/);
    expect(() => assertMatchesOpenApi({ ...healthy, contentType: undefined })).toThrow(/has a body but no Content-Type/);
  });

  it('a required header not sent, or a header sent and not declared, fails; the framing and CORS are not the contract', () => {
    const headers = { 'x-request-id': 'r-1', 'content-type': 'application/json', date: 'Mon, 15 Jun 2026 00:00:00 GMT', 'access-control-allow-origin': '*' };
    expect(() => assertMatchesOpenApi({ ...healthy, headers })).not.toThrow();
    expect(() => assertMatchesOpenApi({ ...healthy, headers: { 'content-type': 'application/json' } })).toThrow(/required header\(s\) x-request-id were not sent/);
    expect(() => assertMatchesOpenApi({ ...healthy, headers: { ...headers, etag: '"x"' } })).toThrow(/header\(s\) etag were sent but are not declared/);
    // A fetch Headers object is read as well as Node's header object.
    expect(() => assertMatchesOpenApi({ ...healthy, headers: new Headers({ 'content-type': 'application/json' }) })).toThrow(/x-request-id were not sent/);
  });

  it('accepts what the contract allows: charset parameters, media-type case, and bodiless 304s', () => {
    expect(() => assertMatchesOpenApi({ ...healthy, contentType: 'Application/JSON;charset=UTF-8' })).not.toThrow();
    // A 304 is only checked for being documented: /healthz documents no 304 (and no 3XX or default).
    expect(() => assertMatchesOpenApi({ ...healthy, status: 304, contentType: undefined, text: '' })).toThrow(/status 304 is not documented/);
    expect(() => assertMatchesOpenApi({ ...healthy, method: 'HEAD', text: '' })).toThrow(/does not document HEAD/);
  });

  it('matches path templates, preferring literal segments over templated ones', () => {
    const templates = ['/v1/{collection}/search', '/v1/statements/{id}', '/v1/statements/search', '/v1/statements', '/files/{name}.json'];
    expect(matchPathTemplate(templates, '/v1/statements/search?q=x')).toBe('/v1/statements/search');
    expect(matchPathTemplate(templates, '/v1/statements/st-01')).toBe('/v1/statements/{id}');
    expect(matchPathTemplate(templates, '/v1/statements')).toBe('/v1/statements');
    expect(matchPathTemplate(templates, '/v1/partners/search')).toBe('/v1/{collection}/search');
    expect(matchPathTemplate(templates, '/files/a.json')).toBe('/files/{name}.json');
    // A parameter spans one non-empty segment only.
    expect(matchPathTemplate(templates, '/v1/statements/a/b')).toBeUndefined();
    expect(matchPathTemplate(templates, '/v1/statements//')).toBeUndefined();
    expect(matchPathTemplate(templates, '/files/a.xml')).toBeUndefined();
  });

  it('reads the committed document, OpenAPI 3.1', () => {
    const doc = openApiDocument();
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths ?? {})).toContain('/healthz');
  });
});
