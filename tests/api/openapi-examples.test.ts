import { describe, expect, it } from 'vitest';
import { problemTypeNames } from '../../src/platform/problem-types.js';
import { assertMatchesOpenApi, openApiDocument } from '../helpers/openapi-contract.js';

/** The examples of the committed document say what the server answers: a 404's example is a 404. */

interface Media {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}
interface Document {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, Media> }> }>>;
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
