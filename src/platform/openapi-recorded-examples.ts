import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

/**
 * The served document (/openapi.json, /docs) carries the examples recorded in the committed one. Recording them
 * means sending requests to a seeded app (`npm run openapi`: openapi-response-examples.ts,
 * openapi-request-examples.ts), which a server must not do at every start on its own data; so the server
 * generates its document from the routes as before and takes each recorded example from the committed file,
 * by path, method, status (or request body) and media type. An example whose operation, response or media type
 * the routes no longer have is left out: the served document never describes what the server does not do.
 */

/** The committed document: found from the project root, so that the bundle (dist/server.mjs) finds it too. */
export const OPENAPI_FILE = join(PROJECT_ROOT, 'openapi', 'openapi.json');

interface Media {
  examples?: unknown;
}
interface Operation {
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
}
type Paths = Record<string, Record<string, Operation | undefined> | undefined>;
interface WithPaths {
  paths?: Paths;
}

/** Copies `from`'s examples onto `to`'s media types of the same name, where `to` has them. */
function copyExamples(from: Record<string, Media> | undefined, to: Record<string, Media> | undefined): void {
  for (const [type, media] of Object.entries(from ?? {})) {
    const target = to?.[type];
    if (target && media.examples !== undefined) target.examples = media.examples;
  }
}

/** `generated` (not changed) with the recorded examples of `committed` in place of its own. */
export function withRecordedExamples<T>(generated: T, committed: unknown): T {
  const document = structuredClone(generated) as T & WithPaths;
  const recorded = (committed as WithPaths | undefined)?.paths ?? {};
  for (const [path, item] of Object.entries(recorded)) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      const target = document.paths?.[path]?.[method];
      if (!operation || !target) continue;
      copyExamples(operation.requestBody?.content, target.requestBody?.content);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        copyExamples(response.content, target.responses?.[status]?.content);
      }
    }
  }
  return document;
}

/** The committed document, or undefined (and a warning) when it cannot be read: the server then serves its own. */
export function readCommittedDocument(log: { warn: (object: object, message: string) => void }): unknown {
  try {
    return JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as unknown;
  } catch (err) {
    log.warn({ err, file: OPENAPI_FILE }, 'the committed OpenAPI document cannot be read: /openapi.json is served without its recorded examples');
    return undefined;
  }
}
