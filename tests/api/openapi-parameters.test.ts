import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementKinds } from '../../src/schemas/common.js';
import { checked, openApiDocument } from '../helpers/openapi-contract.js';
import { createTestApp, type TestContext } from '../helpers/test-app.js';

/**
 * The query parameters of the committed document have the types the server accepts, so that a generated client
 * and a validating proxy (Prism) let through exactly what the server takes: `limit` an integer 1–100, booleans
 * booleans, lists arrays sent as the parameter repeated, every default declared.
 */

interface Parameter {
  in: string;
  name: string;
  description?: string;
  style?: string;
  explode?: boolean;
  example?: unknown;
  schema: Record<string, unknown> & { type?: string; default?: unknown; items?: Record<string, unknown> };
}

const parameters = Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, op]) =>
    ((op as { parameters?: Parameter[] }).parameters ?? []).filter((p) => p.in === 'query').map((parameter) => ({ where: `${method.toUpperCase()} ${path} ${parameter.name}`, path, parameter })),
  ),
);
const named = (name: string) => parameters.filter(({ parameter }) => parameter.name === name);
const ajv = new Ajv2020({ strict: false });
formats.default(ajv);
const accepts = (schema: object, value: unknown) => ajv.validate(schema, value);

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('query parameter types in the document', () => {
  it('limit is an integer from 1 to 100, default 20, everywhere', () => {
    expect(named('limit').length).toBeGreaterThan(3);
    for (const { where, parameter } of named('limit')) expect(parameter.schema, where).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
  });

  it('bom and dryRun are booleans, default false', () => {
    for (const { where, parameter } of [...named('bom'), ...named('dryRun')]) expect(parameter.schema, where).toEqual({ type: 'boolean', default: false });
    expect(named('dryRun').length).toBe(2);
  });

  it('the multi-value filters are arrays sent as the parameter repeated, closed sets with their enum', () => {
    const lists = parameters.filter(({ parameter }) => parameter.schema.type === 'array');
    expect(new Set(lists.map(({ parameter }) => parameter.name))).toEqual(
      new Set(['partner', 'theme', 'kind', 'meetingKind', 'meeting', 'representative', 'facets', 'memberOf', 'parent']),
    );
    for (const { where, parameter } of lists) {
      expect([parameter.style, parameter.explode], where).toEqual(['form', true]);
      const items = parameter.schema.items ?? {};
      expect(Boolean(items.enum) || Boolean(items.pattern) || items.maxLength !== undefined, `${where}: items say what a value may be`).toBe(true);
      expect(parameter.description, where).toMatch(/repeat the parameter .* or separate them with commas/);
    }
    const kind = parameters.find(({ path, parameter }) => path === '/v1/statements' && parameter.name === 'kind')!.parameter;
    expect(kind.schema.items).toEqual({ type: 'string', enum: [...statementKinds] });
    expect(accepts(kind.schema, ['joint_statement', 'news_release'])).toBe(true);
    expect(accepts(kind.schema, ['joint_statment'])).toBe(false);
  });

  it('declares the default of every parameter whose description names one (lang follows Accept-Language instead)', () => {
    const saysDefault = parameters.filter(({ parameter }) => /\bdefault\b/i.test(parameter.description ?? '') && parameter.name !== 'lang');
    expect(saysDefault.length).toBeGreaterThan(20);
    for (const { where, parameter } of saysDefault) expect(parameter.schema.default, where).toBeDefined();
  });

  it('dates are format date, and no integer carries the safe-integer bounds zod adds', () => {
    for (const { where, parameter } of [...named('from'), ...named('to')]) expect(parameter.schema.format, where).toBe('date');
    expect(JSON.stringify(openApiDocument())).not.toContain(String(Number.MAX_SAFE_INTEGER));
  });

  it('Facets is an object with its six optional keys', () => {
    const facets = openApiDocument().components?.schemas?.Facets as { properties?: object; required?: string[] };
    expect(Object.keys(facets.properties ?? {})).toEqual(['partner', 'theme', 'kind', 'meetingKind', 'year', 'month']);
    expect(facets.required ?? []).toEqual([]);
  });
});

describe('the server takes what the document allows, and refuses what it refuses', () => {
  const limit = named('limit').find(({ path }) => path === '/v1/statements')!.parameter.schema;

  it('limit: 1 and 100 are taken, 0 and 101 refused by both', async () => {
    for (const value of [1, 100]) {
      expect(accepts(limit, value)).toBe(true);
      await checked(request(ctx.app.server).get(`/v1/statements?limit=${value}`).expect(200));
    }
    for (const value of [0, 101]) {
      expect(accepts(limit, value)).toBe(false);
      await checked(request(ctx.app.server).get(`/v1/statements?limit=${value}`).expect(400));
    }
  });

  it('booleans: true and false are taken, yes refused', async () => {
    await checked(request(ctx.app.server).get('/v1/export/statements?format=csv&bom=true').expect(200));
    await checked(request(ctx.app.server).get('/v1/export/statements?format=csv&bom=false').expect(200));
    await checked(request(ctx.app.server).get('/v1/export/statements?format=csv&bom=yes').expect(400));
  });

  it('a list repeated (explode) and the same list with commas give the same answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...statementKinds), { minLength: 1 }), fc.uniqueArray(fc.constantFrom('FR', 'US', 'G7', 'eu', 'AU'), { minLength: 1 }), async (kinds, partners) => {
        const repeated = [...kinds.map((k) => `kind=${k}`), ...partners.map((p) => `partner=${p}`)].join('&');
        const commas = `kind=${kinds.join(',')}&partner=${partners.join(',')}`;
        const a = await checked(request(ctx.app.server).get(`/v1/statements?${repeated}`).expect(200));
        const b = await checked(request(ctx.app.server).get(`/v1/statements?${commas}`).expect(200));
        expect(a.body).toEqual(b.body);
      }),
      { numRuns: 25 },
    );
  });
});
