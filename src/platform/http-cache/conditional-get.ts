import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
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

/**
 * Whether a request's validators match an answer with this ETag and Last-Modified: `If-None-Match` when present,
 * else `If-Modified-Since`. The one decider: JSON answers (the hook below), exports (through `revalidate`) and the
 * cached-answer lane (on raw request headers, before Fastify) all answer 304 by it.
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

/**
 * Gives a 200 answer its validators (this ETag, Cache-Control: public, max-age) and says whether the request's own
 * validators match them, against the Last-Modified already set: true means the answer is a 304.
 */
export function revalidate(request: FastifyRequest, reply: FastifyReply, etag: string, maxAge: number): boolean {
  reply.header('etag', etag);
  reply.header('cache-control', `public, max-age=${maxAge}`);
  return isNotModified(request.headers, etag, reply.getHeader('last-modified'));
}

/** The ETag/304 hook: an onSend hook on every GET and HEAD answered with a whole (string or Buffer) 200 body. */
export function registerConditionalGet(app: FastifyInstance, maxAge: number): void {
  // A callback hook: nothing is awaited, so no promise per answer.
  app.addHook('onSend', (request, reply, payload, done) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    // An answer replayed from the response cache already carries the ETag of these very bytes.
    const known = reply.getHeader('etag');
    if (!revalidate(request, reply, typeof known === 'string' ? known : strongEtag(payload), maxAge)) return done(null, payload);
    reply.code(304);
    reply.removeHeader('content-length');
    reply.removeHeader('content-type');
    done(null, '');
  });
}
