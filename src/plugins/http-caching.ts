import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Conditional GETs for dashboards that poll. Every successful GET under the plugin's scope gets:
 * - a strong ETag derived from the bytes of the answer (so it changes exactly when the data or the
 *   language of the answer changes, never with the clock);
 * - Cache-Control: public, max-age=N (configurable);
 * and `If-None-Match` (a list, `*`, weak or strong tags) answers 304 with no body. `If-Modified-Since` is
 * honoured only when there is no `If-None-Match`, as RFC 9110 §13.1.3 says.
 */

export function strongEtag(payload: string | Buffer): string {
  return `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison function. */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => opaque(candidate) === opaque(etag));
}

function notModifiedSince(request: FastifyRequest, reply: FastifyReply): boolean {
  const since = request.headers['if-modified-since'];
  const lastModified = reply.getHeader('last-modified');
  if (!since || typeof lastModified !== 'string') return false;
  const sinceMs = Date.parse(since);
  const modifiedMs = Date.parse(lastModified);
  return Number.isFinite(sinceMs) && Number.isFinite(modifiedMs) && modifiedMs <= sinceMs;
}

export function registerHttpCaching(app: FastifyInstance, { maxAge }: { maxAge: number }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    // An answer replayed from the response cache already carries the ETag of these very bytes.
    const known = reply.getHeader('etag');
    const etag = typeof known === 'string' ? known : strongEtag(payload);
    reply.header('etag', etag);
    reply.header('cache-control', `public, max-age=${maxAge}`);
    const ifNoneMatch = request.headers['if-none-match'];
    const notModified = ifNoneMatch !== undefined ? ifNoneMatchMatches(ifNoneMatch, etag) : notModifiedSince(request, reply);
    if (!notModified) return payload;
    reply.code(304);
    reply.removeHeader('content-length');
    reply.removeHeader('content-type');
    return '';
  });
}
