import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { LRUCache } from 'lru-cache';
import type { AppDatabase } from '../../db/engine.js';
import { dataVersion } from '../../db/data-version.js';
import { negotiateLanguage } from '../language.js';
import { answerIsReplayable, PER_REQUEST_HEADERS, type HeaderTemplate, type ReplayableAnswer } from './cached-answer-lane.js';
import { isNotModified, strongEtag } from './conditional-get.js';

/**
 * Whole answers of successful GETs, kept and written again without querying, validating or serialising,
 * for as long as the data they were made from has not changed.
 *
 * The key is the request URL and the label language (from `lang`, or Accept-Language when it is absent);
 * each entry remembers the data version it was made at (src/db/data-version.ts: any commit by another
 * connection, any change by this one). A hit replays the same bytes and the same headers, so the ETag and
 * If-None-Match handling downstream see exactly what a fresh answer would give; a stale entry is rebuilt.
 * Only 200 answers with a complete body are kept (not streamed exports, not errors), each at most an eighth of the
 * byte budget; the least recently used entries go first when the count or the bytes would exceed their limits.
 *
 * Once Fastify has answered an entry's request in full (a 200 or a 304, with no Origin or Authorization header, on
 * which CORS and the rate-limit budget depend), the entry also keeps that answer's headers, so that the
 * cached-answer lane (src/platform/http-cache/cached-answer-lane.ts) can answer the next ones without Fastify.
 */

const KEPT_HEADERS = ['content-type', 'etag', 'content-language', 'link', 'last-modified'] as const;

interface Entry {
  version: string;
  body: Buffer;
  headers: Partial<Record<(typeof KEPT_HEADERS)[number], string>>;
  /** Every header of a whole answer Fastify gave for this entry, for the cached-answer lane. */
  template?: HeaderTemplate;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a cacheable request: its entry's key, and whether the entry answered it (else: where to keep it). */
    responseCacheKey?: { key: string; version: string; hit: boolean } | undefined;
  }
}

/** Fastify's headers of an answer, less those made per request or per status, in the order they were written. */
function templateOf(reply: FastifyReply): HeaderTemplate {
  return Object.entries(reply.getHeaders()).flatMap(([name, value]): [string, string | null][] => {
    if (PER_REQUEST_HEADERS.has(name)) return [[name, null]];
    if (name === 'content-type' || name === 'content-length' || value === undefined) return [];
    return [[name, Array.isArray(value) ? value.join(', ') : String(value)]];
  });
}

export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
}

/** The response cache's look-up for the cached-answer lane: the current answer for this request, if it can replay it. */
export type FindCachedAnswer = (request: IncomingMessage) => ReplayableAnswer | undefined;

export function registerResponseCache(app: FastifyInstance, db: AppDatabase, options: ResponseCacheOptions): FindCachedAnswer {
  // Least recently used first out, by count and by bytes of body (an empty body counts as one: lru-cache wants a
  // positive size). A get makes an entry the most recent; a peek does not.
  const entries = new LRUCache<string, Entry>({
    max: options.maxEntries,
    maxSize: options.maxBytes,
    sizeCalculation: (entry) => entry.body.length || 1,
  });

  const keyOf = (url: string, headers: IncomingHttpHeaders) => {
    const lang = url.includes('lang=') ? '' : negotiateLanguage(headers['accept-language']);
    return `${lang} ${url}`;
  };

  /** The entry for this key if it was made at the current data version (now the most recently used); else none. */
  const current = (key: string, version: () => string): Entry | undefined => {
    const entry = entries.get(key);
    // No entry, no data-version check: a request the cache cannot answer costs it no database read.
    if (!entry) return undefined;
    if (entry.version !== version()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const versionOf = () => dataVersion(db);

  // Callback hooks: nothing is awaited, so no promise per request. A hit answers from its onRequest hook (the hooks
  // after it do not run); a miss goes on to the route.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const key = keyOf(request.url, request.headers);
    const version = dataVersion(db);
    const entry = current(key, () => version);
    request.responseCacheKey = { key, version, hit: entry !== undefined };
    if (!entry) return done();
    for (const [name, value] of Object.entries(entry.headers)) reply.header(name, value);
    reply.code(200).send(entry.body);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const target = request.responseCacheKey;
    if (!target || target.hit || request.method !== 'GET' || reply.statusCode !== 200) return done(null, payload);
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    if (body.length > options.maxBytes / 8) return done(null, payload);
    // The ETag of these bytes, made once here and replayed with them: the HTTP caching hook, which runs next, takes
    // an ETag already set instead of hashing the body again on every hit.
    if (reply.getHeader('etag') === undefined) reply.header('etag', strongEtag(body));
    const headers: Entry['headers'] = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // Replaces any entry for the key, as the most recently used, and evicts the least recently used beyond the limits.
    entries.set(target.key, { version: target.version, body, headers });
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const target = request.responseCacheKey;
    if (target && request.method === 'GET' && (reply.statusCode === 200 || reply.statusCode === 304) && answerIsReplayable(request.headers)) {
      // A peek: capturing the headers is no use of the entry.
      const entry = entries.peek(target.key);
      if (entry && entry.version === target.version && !entry.template) entry.template = templateOf(reply);
    }
    done();
  });

  /** For the cached-answer lane: the current entry for this request, if Fastify has answered it in full once. */
  return (request) => {
    const url = request.url ?? '';
    const entry = current(keyOf(url, request.headers), versionOf);
    const { template } = entry ?? {};
    if (!entry || !template) return undefined;
    const { etag = '', 'last-modified': lastModified, 'content-type': contentType = 'application/json; charset=utf-8' } = entry.headers;
    return { body: entry.body, contentType, template, status: isNotModified(request.headers, etag, lastModified) ? 304 : 200 };
  };
}
