import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDatabase } from '../db/client.js';
import { dataVersion } from '../db/dataset-repository.js';
import { negotiateLanguage } from '../http/language.js';
import { strongEtag } from './http-caching.js';

/**
 * Whole answers of successful GETs, kept and written again without querying, validating or serialising,
 * for as long as the data they were made from has not changed.
 *
 * The key is the request URL and the label language (from `lang`, or Accept-Language when it is absent);
 * each entry remembers the data version it was made at (src/db/dataset-repository.ts: any commit by another
 * connection, any change by this one). A hit replays the same bytes and the same headers, so the ETag and
 * If-None-Match handling downstream see exactly what a fresh answer would give; a stale entry is rebuilt.
 * Only 200 answers with a complete body are kept (not streamed exports, not errors).
 */

const KEPT_HEADERS = ['content-type', 'etag', 'content-language', 'link', 'last-modified'] as const;

interface Entry {
  version: string;
  body: Buffer;
  headers: Partial<Record<(typeof KEPT_HEADERS)[number], string>>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a cache miss of a cacheable request: where to keep the answer. */
    responseCacheKey?: { key: string; version: string } | undefined;
  }
}

export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
}

export function registerResponseCache(app: FastifyInstance, db: AppDatabase, options: ResponseCacheOptions): void {
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const evict = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    bytes -= entry.body.length;
    entries.delete(key);
  };

  const keyOf = (request: FastifyRequest) => {
    const lang = request.url.includes('lang=') ? '' : negotiateLanguage(request.headers['accept-language']);
    return `${lang} ${request.url}`;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const key = keyOf(request);
    const version = dataVersion(db);
    const entry = entries.get(key);
    if (entry && entry.version === version) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      entries.delete(key);
      entries.set(key, entry);
      for (const [name, value] of Object.entries(entry.headers)) reply.header(name, value);
      return reply.code(200).send(entry.body);
    }
    if (entry) evict(key);
    request.responseCacheKey = { key, version };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const target = request.responseCacheKey;
    if (!target || request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    if (body.length > options.maxBytes / 8) return payload;
    // The ETag of these bytes, made once here and replayed with them: the HTTP caching hook, which runs next, takes
    // an ETag already set instead of hashing the body again on every hit.
    if (reply.getHeader('etag') === undefined) reply.header('etag', strongEtag(body));
    const headers: Entry['headers'] = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    evict(target.key);
    entries.set(target.key, { version: target.version, body, headers });
    bytes += body.length;
    while (entries.size > options.maxEntries || bytes > options.maxBytes) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      evict(oldest);
    }
    return payload;
  });
}
