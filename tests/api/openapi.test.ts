import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { generateOpenApiDocument } from '../../src/platform/openapi-document.js';
import { OPENAPI_FILE } from '../../src/platform/openapi-recorded-examples.js';
import { checked } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: { in?: string; name?: string; $ref?: string }[];
  responses?: Record<string, unknown>;
}

interface Document {
  info: {
    description: string;
    license?: { name: string; 'x-data-rights'?: string };
    contact?: { name?: string };
  };
  externalDocs?: { url: string; description?: string };
  servers: { url: string; variables?: Record<string, { default: string }> }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { headers?: Record<string, unknown>; parameters?: Record<string, { in: string; name: string }> };
}

async function served(): Promise<Document> {
  return (await request(ctx.app.server).get('/openapi.json').expect(200)).body as Document;
}

function operationsOf(doc: Document): { where: string; method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, method, path, op })),
  );
}

describe('the OpenAPI document', () => {
  it('is committed as generated: run `npm run openapi` after changing a route', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await generateOpenApiDocument());
  });

  it('is served, at /openapi.json and to /docs, as committed: with the examples recorded by `npm run openapi`', async () => {
    // The server generates its document from the routes and takes the recorded examples from the committed file
    // (src/platform/openapi-recorded-examples.ts); both together are the committed document.
    const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as unknown;
    expect((await request(ctx.app.server).get('/openapi.json').expect(200)).body).toEqual(committed);
    expect((await request(ctx.app.server).get('/docs/json').expect(200)).body).toEqual(committed);
  });

  it('is OpenAPI 3.1 and served at /openapi.json', async () => {
    const res = await request(ctx.app.server).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.schemas).toHaveProperty('Problem');
  });

  it('documents every operation with an operationId, tags, a summary, a description and responses', async () => {
    const operations = operationsOf(await served());
    expect(operations.length).toBeGreaterThanOrEqual(2);
    const ids = new Set<string>();
    for (const { where, op } of operations) {
      expect(op.operationId, where).toBeTruthy();
      expect(op.tags?.length, where).toBeGreaterThan(0);
      expect(op.summary, where).toBeTruthy();
      expect(op.description, where).toBeTruthy();
      expect(Object.keys(op.responses ?? {}).length, where).toBeGreaterThan(1);
      expect(ids.has(op.operationId!), `duplicate ${op.operationId}`).toBe(false);
      ids.add(op.operationId!);
    }
  });

  it('serves the interactive docs at /docs', async () => {
    const res = await request(ctx.app.server).get('/docs/').expect(200);
    expect(res.text).toContain('swagger');
  });
});

describe('a complete document', () => {
  it('describes every response in words of its own, never "Default Response"', async () => {
    for (const { where, op } of operationsOf(await served())) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const description = (response as { description?: string }).description;
        expect(description, `${where} ${status}`).toBeTruthy();
        expect(description, `${where} ${status}`).not.toBe('Default Response');
      }
    }
  });

  it('names its licence, the data’s rights, a contact and the docs, and serves "Try it out" from its own server', async () => {
    const doc = await served();
    expect(doc.info.license?.name).toMatch(/UNLICENSED/);
    expect(doc.info.license?.['x-data-rights']).toContain('経済安全保障政策');
    expect(doc.info.contact?.name).toBeTruthy();
    expect(doc.externalDocs?.url).toBe('/docs');
    expect(doc.externalDocs?.description).toContain('docs/api.md');
    // Relative first: Swagger UI selects the first server, and must call the one that serves /docs.
    expect(doc.servers[0]?.url).toBe('/');
    expect(doc.servers[1]).toMatchObject({ url: '{baseUrl}', variables: { baseUrl: { default: 'http://127.0.0.1:3000' } } });
  });

  it('says that every GET answers HEAD too, and it does: same status, same ETag, no body', async () => {
    const doc = await served();
    expect(doc.info.description).toMatch(/Every GET also answers HEAD/);
    const untemplated = operationsOf(doc).filter(({ method, path }) => method === 'get' && !path.includes('{'));
    expect(untemplated.length).toBeGreaterThan(10);
    for (const { path } of untemplated) {
      const get = await request(ctx.app.server).get(path);
      const head = await request(ctx.app.server).head(path);
      expect(head.status, path).toBe(get.status);
      expect(head.headers.etag, path).toBe(get.headers.etag);
      expect(head.text ?? '', path).toBe('');
    }
  });

  it('declares on every GET under /v1 the 401 and 403 of REQUIRE_AUTH_FOR_READS, which such a server answers', async () => {
    const gets = operationsOf(await served()).filter(({ method, path }) => method === 'get' && path.startsWith('/v1/'));
    expect(gets.length).toBeGreaterThan(15);
    for (const { where, op } of gets) {
      for (const status of ['401', '403']) {
        expect((op.responses?.[status] as { description?: string } | undefined)?.description, `${where} ${status}`).toMatch(/REQUIRE_AUTH_FOR_READS=true/);
      }
    }
    const closed = await createTestApp({ REQUIRE_AUTH_FOR_READS: 'true' });
    try {
      // Every scope grants reading, so only a key without any scope meets the 403.
      const scopeless = (await createApiKey(closed.db, 'no scopes', [])).key;
      await checked(request(closed.app.server).get('/v1/statements').expect(401));
      await checked(request(closed.app.server).get('/v1/partners/FR').set('authorization', `Bearer ${scopeless}`).expect(403));
    } finally {
      await closed.close();
    }
  });

  it('lets a browser send every request header the document declares, and the conditional and language ones', async () => {
    const document = await served();
    const components = document.components?.parameters ?? {};
    const resolve = (p: { $ref?: string; in?: string; name?: string }) => (p.$ref ? components[p.$ref.split('/').pop()!] : p);
    const declared = operationsOf(document).flatMap(({ op }) => (op.parameters ?? []).map(resolve).filter((p) => p?.in === 'header').map((p) => p!.name!));
    expect(declared.length).toBeGreaterThan(50);
    const wanted = [...new Set([...declared, 'If-None-Match', 'If-Modified-Since', 'If-Match', 'Authorization', 'Accept-Language', 'Content-Type', 'X-Request-Id'])];
    const preflight = await request(ctx.app.server)
      .options('/v1/statements')
      .set('origin', 'http://dashboard.test')
      .set('access-control-request-method', 'GET')
      .set('access-control-request-headers', wanted.join(', ').toLowerCase())
      .expect(204);
    const allowed = new Set(String(preflight.headers['access-control-allow-headers']).split(',').map((h) => h.trim().toLowerCase()));
    for (const header of wanted) expect(allowed.has(header.toLowerCase()), header).toBe(true);
  });

  it('lets a browser read every response header the document declares', async () => {
    // The CORS-safelisted response headers are readable without being exposed (Fetch standard).
    const safelisted = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);
    const declared = Object.keys((await served()).components?.headers ?? {}).map((name) => name.toLowerCase());
    expect(declared.length).toBeGreaterThan(10);
    const res = await request(ctx.app.server).get('/v1/statements?limit=1').set('origin', 'http://dashboard.test').expect(200);
    const exposed = new Set(String(res.headers['access-control-expose-headers']).split(',').map((h) => h.trim().toLowerCase()));
    for (const header of declared.filter((name) => !safelisted.has(name))) expect(exposed.has(header), header).toBe(true);
  });
});
