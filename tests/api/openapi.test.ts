import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_FILE } from '../../src/platform/openapi-document.js';
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
  responses?: Record<string, unknown>;
}

describe('the OpenAPI document', () => {
  it('is committed as generated: run `npm run openapi` after changing a route', async () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(await generateOpenApiDocument());
  });

  it('is OpenAPI 3.1 and served at /openapi.json', async () => {
    const res = await request(ctx.app.server).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.schemas).toHaveProperty('Problem');
  });

  it('documents every operation with an operationId, tags, a summary, a description and responses', async () => {
    const doc = (await request(ctx.app.server).get('/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
    );
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
