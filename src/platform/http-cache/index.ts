import type { FastifyInstance } from 'fastify';
import type { AppDatabase } from '../../db/engine.js';
import { datasetLastModified, rememberedLastModified } from '../../db/data-version.js';
import type { CachedAnswerLane } from './cached-answer-lane.js';
import { registerConditionalGet } from './conditional-get.js';
import { registerResponseCache } from './response-cache.js';

/**
 * HTTP caching in one place: what every cacheable answer (the read API under /v1) gets, and in which order.
 *
 * - conditional-get.ts: ETags, Cache-Control, and the one conditional-GET decider (`isNotModified`, and
 *   `revalidate` for answers that set their own ETag, as exports do) that JSON answers, exports and the lane share;
 * - response-cache.ts: whole answers kept until the data changes (an LRU bounded by count and bytes);
 * - cached-answer-lane.ts: the response cache's answers given before Fastify, behind its own switch.
 */

export { CachedAnswerLane } from './cached-answer-lane.js';
export { revalidate } from './conditional-get.js';

/** The bytes of body the response cache keeps at most (one answer at most an eighth of them). */
const RESPONSE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

export interface HttpCachingOptions {
  db: AppDatabase;
  /** Cache-Control: public, max-age=N on every successful GET (CACHE_MAX_AGE). */
  maxAge: number;
  /** Whole answers the response cache keeps (RESPONSE_CACHE_MAX_ENTRIES); 0: no response cache, and so no lane. */
  responseCacheMaxEntries: number;
  /** The app's cached-answer lane, which this scope's response cache feeds (it answers only if its switch is on). */
  lane?: CachedAnswerLane;
}

/**
 * Registers the caching hooks on a scope, in their order. Hooks of one kind run in the order they are added; every
 * onRequest hook runs before the route, every onSend hook after it. Whatever must run before any answer, even one
 * from the response cache, is added before this (access, where reads need a key: src/modules/v1-routes.ts).
 *
 * 1. Vary: Accept-Language (onRequest). First: every answer carries it, a response-cache hit included (a hit is
 *    answered from the look-up, and the onRequest hooks after that do not run).
 * 2. Look-up (onRequest): a hit skips only the work of making an answer.
 * 3. Last-Modified (onRequest), after the look-up: a hit replays the Last-Modified its entry was made with (the same
 *    data version, so the same value) and skips the read; a miss has it before the route runs (exports read it to
 *    decide their 304).
 * 4. Store (onSend), before the ETag/304 hook: the cache must keep the 200 answer before a matching If-None-Match
 *    turns it into a 304. (The other way round, a client that always revalidates, as dashboards do, never filled the
 *    cache, and every one of its requests ran the queries.) It sets the ETag of the bytes it keeps, which the next
 *    hook takes instead of hashing them again on every hit.
 * 5. ETag, Cache-Control and 304 (onSend).
 * The response cache also captures, onResponse, the headers of a whole answer, which the cached-answer lane replays.
 */
export function registerHttpCaching(app: FastifyInstance, { db, maxAge, responseCacheMaxEntries, lane }: HttpCachingOptions): void {
  // Callback hooks: nothing is awaited, so no promise per request.
  app.addHook('onRequest', (_request, reply, done) => {
    // Answers differ by Accept-Language when `lang` is absent: shared caches must key on it.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
    done();
  });

  if (responseCacheMaxEntries > 0) {
    const find = registerResponseCache(app, db, { maxEntries: responseCacheMaxEntries, maxBytes: RESPONSE_CACHE_MAX_BYTES });
    lane?.answerFrom(find);
  }

  app.addHook('onRequest', (_request, reply, done) => {
    const answer = (lastModified: string | null) => {
      if (lastModified) reply.header('last-modified', new Date(lastModified).toUTCString());
      done();
    };
    // From memory while the data version stands (almost every request): a promise only after a change.
    const known = rememberedLastModified(db);
    if (known !== undefined) return answer(known);
    datasetLastModified(db).then(answer, (error: unknown) => done(error as Error));
  });

  registerConditionalGet(app, maxAge);
}
