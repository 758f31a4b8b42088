import { describe, expect, it } from 'vitest';
import { withRecordedExamples } from '../../src/platform/openapi-recorded-examples.js';

/** The served document takes the committed one's examples where its own operations, statuses and media types are. */
describe('withRecordedExamples', () => {
  const generated = () => ({
    paths: {
      '/v1/themes': {
        post: {
          requestBody: { content: { 'application/json': { schema: {} } } },
          responses: { '201': { content: { 'application/json': { schema: {} } } }, '400': { content: { 'application/problem+json': { examples: { made: { value: 1 } } } } } },
        },
      },
    },
  });
  const committed = {
    paths: {
      '/v1/themes': {
        post: {
          requestBody: { content: { 'application/json': { examples: { copy: { value: 'body' } } }, 'text/csv': { examples: { gone: { value: 'x' } } } } },
          responses: {
            '201': { content: { 'application/json': { examples: { copy: { value: 'answer' } } } } },
            '400': { content: { 'application/problem+json': { examples: { real: { value: 2 } } } } },
            '409': { content: { 'application/problem+json': { examples: { gone: { value: 3 } } } } },
          },
        },
        delete: { responses: { '204': {} } },
      },
      '/v1/gone': { get: { responses: { '200': { content: { 'application/json': { examples: { gone: { value: 4 } } } } } } } },
    },
  };

  it('copies each example to the same path, method, status (or request body) and media type, replacing the generated one', () => {
    const served = withRecordedExamples(generated(), committed);
    const post = served.paths['/v1/themes'].post;
    expect(post.requestBody.content['application/json']).toEqual({ schema: {}, examples: { copy: { value: 'body' } } });
    expect(post.responses['201'].content['application/json']).toEqual({ schema: {}, examples: { copy: { value: 'answer' } } });
    expect(post.responses['400'].content['application/problem+json']).toEqual({ examples: { real: { value: 2 } } });
  });

  it('leaves out the examples of operations, statuses and media types the routes no longer have, and changes not its input', () => {
    const input = generated();
    const served = withRecordedExamples(input, committed);
    expect(Object.keys(served.paths)).toEqual(['/v1/themes']);
    expect(Object.keys(served.paths['/v1/themes'])).toEqual(['post']);
    expect(Object.keys(served.paths['/v1/themes'].post.requestBody.content)).toEqual(['application/json']);
    expect(Object.keys(served.paths['/v1/themes'].post.responses)).toEqual(['201', '400']);
    expect(input).toEqual(generated());
  });

  it('serves the generated document when there is no committed one', () => {
    expect(withRecordedExamples(generated(), undefined)).toEqual(generated());
  });
});
