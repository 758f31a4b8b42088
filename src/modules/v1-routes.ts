import type { FastifyPluginAsync } from 'fastify';
import type { AppDatabase } from '../db/sqlite/client.js';
import { datasetLastModified } from '../db/data-version.js';
import { registerHttpCaching } from '../platform/http-cache/conditional-get.js';
import { registerResponseCache } from '../platform/http-cache/response-cache.js';
import { briefingRoutes } from './briefings/routes.js';
import { exportRoutes } from './exports/routes.js';
import { meetingRoutes } from './meetings/routes.js';
import { partnerRoutes } from './partners/routes.js';
import { statementRoutes } from './statements/routes.js';
import { writeRoutes } from './curation/routes.js';
import { importRoutes } from './imports/routes.js';
import { statsRoutes } from './stats/routes.js';
import { requireScope } from '../platform/auth.js';
import { themeRoutes } from './themes/routes.js';

/** The read API under /v1: every answer is cacheable, language-negotiated and revalidatable. */
export const v1Routes: FastifyPluginAsync<{
  db: AppDatabase;
  cacheMaxAge: number;
  /** 0: no response cache. */
  responseCacheMaxEntries?: number;
  openReadConnection?: () => AppDatabase;
  requireAuthForReads?: boolean;
  /** Given the response cache's look-up for the cached-answer lane, when there is a cache. */
  onResponseCache?: (find: ReturnType<typeof registerResponseCache>) => void;
}> = async (app, { db, cacheMaxAge, responseCacheMaxEntries = 2000, openReadConnection, requireAuthForReads = false, onResponseCache }) => {
  // Deployments that close reads (REQUIRE_AUTH_FOR_READS=true) need a key with the read scope for every GET.
  // An onRequest hook, so that it runs before the response cache can answer.
  if (requireAuthForReads) {
    const read = requireScope(db, 'read');
    app.addHook('onRequest', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD') await read(request);
    });
  }

  app.addHook('onRequest', (_request, reply, done) => {
    // Answers differ by Accept-Language when `lang` is absent: shared caches must key on it.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, Accept-Language` : 'Accept-Language');
    done();
  });

  // Registered after the hooks above and before the one below: a hit skips only the work of making an answer.
  if (responseCacheMaxEntries > 0) {
    onResponseCache?.(registerResponseCache(app, db, { maxEntries: responseCacheMaxEntries, maxBytes: 64 * 1024 * 1024 }));
  }
  // After the response cache: onSend hooks run in order, and the cache must keep the 200 answer before a matching
  // If-None-Match turns it into a 304. (The other way round, a client that always revalidates, as dashboards
  // do, never filled the cache, and every one of its requests ran the queries.)
  registerHttpCaching(app, { maxAge: cacheMaxAge });

  app.addHook('onRequest', (_request, reply, done) => {
    const lastModified = datasetLastModified(db);
    if (lastModified) reply.header('last-modified', new Date(lastModified).toUTCString());
    done();
  });

  await app.register(statementRoutes, { db });
  await app.register(meetingRoutes, { db });
  await app.register(partnerRoutes, { db });
  await app.register(themeRoutes, { db });
  await app.register(briefingRoutes, { db });
  await app.register(statsRoutes, { db });
  await app.register(writeRoutes, { db });
  await app.register(importRoutes, { db });
  await app.register(exportRoutes, { db, cacheMaxAge, openReadConnection });
};
