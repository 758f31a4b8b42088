import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { revalidate } from '../../platform/http-cache/index.js';

/**
 * Sends an export: a streamed body as an attachment, with caching headers of its own. The /v1 caching
 * hook hashes string and Buffer answers only; a stream cannot be hashed before it is sent, so an export
 * gets a weak ETag derived from the data version and the normalised query instead (same data, same query:
 * the same content, except for meta.generatedAt, which is what "weak" allows).
 */

export interface ExportAnswer {
  /** The state of the data the export is read from. */
  dataVersion: unknown;
  /** Everything else the content depends on: the parsed query, the label language. */
  variant: unknown;
  contentType: string;
  filename: string;
  cacheMaxAge: number;
  /** The body; `signal` is aborted when the client goes away before the end. Called only for a 200 GET. */
  body: (signal: AbortSignal) => AsyncIterable<string>;
}

/** JSON with object keys sorted and every list sorted: equal for queries that mean the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (Array.isArray(v)) return [...v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

export function weakEtag(dataVersion: unknown, variant: unknown): string {
  return `W/"${createHash('sha256').update(canonical({ dataVersion, variant })).digest('base64url').slice(0, 27)}"`;
}

/** Bytes buffered ahead of the socket: small, so memory stays flat and the reads follow the client's pace. */
const STREAM_HIGH_WATER_MARK = 64 * 1024;

export function sendExport(request: FastifyRequest, reply: FastifyReply, answer: ExportAnswer): FastifyReply {
  // The same validators and the same 304 decision as every JSON answer, with this weak ETag.
  if (revalidate(request, reply, weakEtag(answer.dataVersion, answer.variant), answer.cacheMaxAge)) return reply.code(304).send();

  reply
    .type(answer.contentType)
    .header('content-disposition', `attachment; filename="${answer.filename}"`)
    .header('x-content-type-options', 'nosniff');
  // HEAD: the headers only. An empty stream rather than no body, so that nothing claims a length of 0.
  if (request.method === 'HEAD') return reply.send(Readable.from([]));

  const aborted = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) aborted.abort();
  });
  return reply.send(Readable.from(answer.body(aborted.signal), { objectMode: false, highWaterMark: STREAM_HIGH_WATER_MARK }));
}
