import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

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

/**
 * Whether a request's validators match an answer with this ETag and Last-Modified: `If-None-Match` when present,
 * else `If-Modified-Since`. Shared with the cached-answer lane, which must decide exactly as this plugin does.
 */
export function isNotModified(requestHeaders: IncomingHttpHeaders, etag: string, lastModified: unknown): boolean {
  const ifNoneMatch = requestHeaders['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatchMatches(ifNoneMatch, etag);
  const since = requestHeaders['if-modified-since'];
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
    if (!isNotModified(request.headers, etag, reply.getHeader('last-modified'))) return payload;
    reply.code(304);
    reply.removeHeader('content-length');
    reply.removeHeader('content-type');
    return '';
  });
}
