import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { requestExampleUrl } from '../../src/platform/openapi-request-examples.js';
import { problemTypeNames } from '../../src/platform/problem-types.js';
import { assertMatchesOpenApi, checked, openApiDocument } from '../helpers/openapi-contract.js';
import { createTestApp } from '../helpers/test-app.js';

/** The examples of the committed document say what the server answers: a 404's example is a 404. */

interface Media {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface Operation {
  parameters?: { in: string; name: string; example?: unknown }[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const document = openApiDocument() as unknown as Document;
const problemResponses = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, op]) =>
    Object.entries(op.responses ?? {}).flatMap(([status, response]) => {
      const media = response.content?.['application/problem+json'];
      return media ? [{ where: `${method.toUpperCase()} ${path} ${status}`, method, path, status: Number(status), media }] : [];
    }),
  ),
);

describe('response examples', () => {
  const gets = Object.entries(document.paths).flatMap(([path, item]) => (item.get ? [{ path, op: item.get }] : []));

  it('every GET has a 200 example, a real answer that the document allows', () => {
    for (const { path, op } of gets) {
      const content = op.responses?.['200']?.content ?? {};
      const examples = Object.entries(content).flatMap(([type, media]) => Object.values(media.examples ?? {}).map((example) => ({ type, value: example.value })));
      expect(examples.length, `GET ${path}`).toBeGreaterThan(0);
      for (const { type, value } of examples.filter((example) => example.type === 'application/json')) {
        const text = JSON.stringify(value);
        expect(() => assertMatchesOpenApi({ method: 'get', path, status: 200, contentType: type, text }), `GET ${path}`).not.toThrow();
      }
    }
  });

  it('shows no timestamp of the seed run and no request id of the generation: it is the same at every run', () => {
    const text = JSON.stringify(document.paths);
    for (const instant of text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g) ?? []) expect(instant).toMatch(/^2026-06-15T00:00:00(\.000)?Z$/);
  });
});

describe('request examples', () => {
  const bodies = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) =>
      Object.entries(op.requestBody?.content ?? {}).map(([type, media]) => ({ where: `${method.toUpperCase()} ${path} ${type}`, method, path, op, type, media })),
    ),
  );

  it('every request body has an example, and each operation a recorded answer to it', () => {
    // The creates and PATCHes of statements, meetings, partners and themes, and the two imports.
    expect(bodies.length).toBe(10);
    for (const { where, method, path, op, media } of bodies) {
      const names = Object.keys(media.examples ?? {});
      expect(names.length, where).toBeGreaterThan(0);
      const success = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'))!;
      const answers = success[1].content?.['application/json']?.examples ?? {};
      for (const name of names) {
        expect(answers[name], `${where}: the answer to ${name}`).toBeDefined();
        const text = JSON.stringify(answers[name]!.value);
        expect(() => assertMatchesOpenApi({ method, path, status: Number(success[0]), contentType: 'application/json', text }), `${where} ${name}`).not.toThrow();
      }
    }
  });

  it('every documented request body works: sent as documented to a server as seeded, it answers 2xx as the document says', async () => {
    const ctx = await createTestApp();
    try {
      const { key } = await createApiKey(ctx.db, 'request examples', ['admin']);
      for (const { where, method, path, op, type, media } of bodies) {
        const url = requestExampleUrl(path, op);
        expect(url, where).toBeDefined();
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          let call = request(ctx.app.server)[method as 'post' | 'patch'](url!).set('authorization', `Bearer ${key}`).set('content-type', type);
          // A PATCH needs If-Match: the ETag of a GET of the record, as a client would send it.
          if (method === 'patch') call = call.set('if-match', (await checked(request(ctx.app.server).get(url!).expect(200))).headers.etag!);
          const res = await checked(call.send(typeof example.value === 'string' ? example.value : JSON.stringify(example.value)));
          expect(res.status, `${where} ${name}: ${res.text}`).toBeGreaterThanOrEqual(200);
          expect(res.status, `${where} ${name}: ${res.text}`).toBeLessThan(300);
        }
      }
    } finally {
      await ctx.close();
    }
  });
});

describe('problem examples', () => {
  it('the shared Problem schema carries no example of one particular status', () => {
    expect(JSON.stringify(document.components.schemas.Problem)).not.toMatch(/"examples?"/);
  });

  it('every problem response has an example of its own status, whose type is a /problems/<name> URL', () => {
    expect(problemResponses.length).toBeGreaterThan(100);
    for (const { where, method, path, status, media } of problemResponses) {
      const values = Object.values(media.examples ?? {}).map((example) => example.value as { status?: number; type?: string });
      expect(values.length, where).toBeGreaterThan(0);
      for (const value of values) {
        expect(value.status, where).toBe(status);
        const match = /^\/problems\/([a-z-]+)$/.exec(value.type ?? '');
        expect(match && problemTypeNames.includes(match[1] as never), `${where}: ${value.type}`).toBe(true);
        // And it is an answer the document allows, as the contract checks every real one.
        const text = JSON.stringify(value);
        expect(() => assertMatchesOpenApi({ method, path, status, contentType: 'application/problem+json', text }), where).not.toThrow();
      }
    }
  });
});
