import { defaultProblemType, problemTypes, problemTypeUri, type ProblemTypeName } from './problem-types.js';

/**
 * Every application/problem+json response of the document gets an example of its own status: the Problem
 * schema is shared by all of them, so an example on the schema would show a 400 as the example of a 404, a 429
 * and a 503. Added to the generated document (one walk over its responses) rather than at each of the many
 * problemResponse(...) uses, which do not know their status.
 */

/** What the server says in `detail` for each kind, in its words (src/platform/problem-details.ts and the modules). */
const SAMPLE_DETAIL: Partial<Record<ProblemTypeName, string>> = {
  'invalid-parameters': 'query x: unknown query parameter',
  'invalid-request': 'Body is not valid JSON but content-type is set to \'application/json\'',
  unauthorized: 'This needs an API key with the write scope: send Authorization: Bearer <key>.',
  forbidden: 'This API key lacks the write scope.',
  'not-found': 'No record has this id.',
  'not-acceptable': 'Acceptable here: text/markdown, text/html, application/json.',
  conflict: 'The record is still referenced.',
  'precondition-failed': 'If-Match does not name the current ETag of this record.',
  'payload-too-large': 'The request body is larger than the 1048576 bytes this server accepts.',
  'uri-too-long': 'The id is longer than any record’s.',
  'unsupported-media-type': 'The body must be sent with Content-Type: application/json; this one came as text/plain.',
  'unprocessable-content': 'The data would break a rule; see errors.',
  'precondition-required': 'If-Match is required: send the ETag of the record you read.',
  'too-many-requests': 'Rate limit exceeded; retry after the number of seconds in Retry-After.',
  'internal-error': 'The server could not answer; the request id leads to the details in its log.',
  'service-unavailable': 'The server is overloaded; retry after the number of seconds in Retry-After.',
};

/** A 400 of this API is, but for unreadable requests, an input that does not pass: an unknown parameter is one everywhere. */
function kindOf(status: number): ProblemTypeName | undefined {
  return status === 400 ? 'invalid-parameters' : defaultProblemType(status);
}

function problemExample(status: number, instance: string) {
  const name = kindOf(status);
  if (!name) return undefined;
  const { title } = problemTypes[name];
  const value = {
    type: problemTypeUri(name),
    title,
    status,
    detail: SAMPLE_DETAIL[name] ?? title,
    instance: name === 'invalid-parameters' ? `${instance}?x=1` : instance,
    // Fixed, so that the generated document is the same at every run.
    requestId: '00000000-0000-4000-8000-000000000000',
    ...(name === 'invalid-parameters' ? { errors: [{ in: 'query', name: 'x', message: 'unknown query parameter' }] } : {}),
  };
  return { [name]: { summary: title, value } };
}

interface ResponseNode {
  content?: Record<string, { examples?: unknown }>;
}

interface OperationNode {
  parameters?: { in: string; name: string; example?: unknown }[];
  responses?: Record<string, ResponseNode>;
}

/** The path as a request would have it: each {parameter} by its example. */
function examplePath(template: string, operation: OperationNode): string {
  return (operation.parameters ?? [])
    .filter((parameter) => parameter.in === 'path' && parameter.example !== undefined)
    .reduce((path, parameter) => path.replace(`{${parameter.name}}`, encodeURIComponent(String(parameter.example))), template);
}

/** Adds the examples in place; `paths` is the document's. */
export function addProblemExamples(paths: unknown): void {
  for (const [template, item] of Object.entries((paths ?? {}) as Record<string, Record<string, OperationNode>>)) {
    for (const operation of Object.values(item)) {
      const instance = examplePath(template, operation);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const media = response.content?.['application/problem+json'];
        const examples = media && problemExample(Number(status), instance);
        if (media && examples) media.examples = examples;
      }
    }
  }
}
