import type { FastifyInstance } from 'fastify';
import { tryItOutUrl, type DocumentedOperation } from './try-it-out.js';

/**
 * The 200 examples of the committed document are real answers: `npm run openapi` builds the app on the seeded
 * briefing, sends each GET's "Try it out" request and records what came back, so the examples cannot go stale.
 * Answers are trimmed (the first item of a page, a few of any other list) and normalised (the seed run's
 * timestamps, request ids) so that the document is the same at every generation.
 */

/** The instant every timestamp of an example shows: the briefing's date, not the moment the seed ran. */
const EXAMPLE_INSTANT = '2026-06-15T00:00:00.000Z';
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXAMPLE_REQUEST_ID = '00000000-0000-4000-8000-000000000000';
/** How many items of a list other than the page (`data`) an example keeps. */
const LIST_ITEMS_KEPT = 3;

export function normalised(text: string): string {
  return text.replace(TIMESTAMP, EXAMPLE_INSTANT);
}

function trimmed(node: unknown, key?: string): unknown {
  if (typeof node === 'string') return UUID.test(node) ? EXAMPLE_REQUEST_ID : normalised(node);
  if (Array.isArray(node)) return node.slice(0, key === 'data' ? 1 : LIST_ITEMS_KEPT).map((item) => trimmed(item));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([name, value]) => [name, trimmed(value, name)]));
  return node;
}

interface MediaNode {
  example?: unknown;
  examples?: unknown;
}
type GetOperation = DocumentedOperation & { responses?: Record<string, { content?: Record<string, MediaNode> }> };

export function exampleOf(contentType: string, body: string): unknown {
  if (contentType === 'application/json' || contentType.endsWith('+json')) return trimmed(JSON.parse(body));
  // Text forms (CSV, NDJSON, Markdown, HTML): the first lines, which show the shape.
  return normalised(body.split('\n').slice(0, 1 + LIST_ITEMS_KEPT).join('\n'));
}

/** Records the answer to `url` as the example of its status and media type, when the operation documents them. */
async function record(app: FastifyInstance, operation: GetOperation, url: string, expected: number, name: string): Promise<void> {
  const res = await app.inject({ method: 'GET', url });
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!;
  const media = operation.responses?.[String(res.statusCode)]?.content?.[contentType];
  if (res.statusCode !== expected || !media) return;
  media.examples = { [name]: { summary: `GET ${decodeURIComponent(url)}`, value: exampleOf(contentType, res.body) } };
}

/**
 * Adds, in place, to each GET of `document` the answer `app` gives to its "Try it out" request (200), and real
 * problems in place of the made-up ones (openapi-problem-examples.ts) where a GET is easy to make fail: an
 * unknown parameter (400) and, on an item, an id that does not exist (404).
 */
export async function addResponseExamples(app: FastifyInstance, document: { paths?: Record<string, { get?: GetOperation }> }): Promise<void> {
  for (const [template, item] of Object.entries(document.paths ?? {})) {
    const operation = item.get;
    const url = operation && tryItOutUrl(template, operation);
    if (!url) continue;
    await record(app, operation, url, 200, 'try-it-out');
    await record(app, operation, `${url}${url.includes('?') ? '&' : '?'}x=1`, 400, 'invalid-parameters');
    const missing = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
    if (missing.length > 0) {
      const absent = { ...operation, parameters: missing.map((parameter) => ({ ...parameter, example: `${String(parameter.example)}x` })) };
      await record(app, operation, tryItOutUrl(template, absent)!, 404, 'not-found');
    }
  }
}
