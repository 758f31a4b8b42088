import type { FastifyPluginAsync } from 'fastify';
import type { AppDatabase } from '../db/engine.js';
import { registerHttpCaching, type CachedAnswerLane } from '../platform/http-cache/index.js';
import { briefingRoutes } from './briefings/routes.js';
import { exportRoutes } from './exports/routes.js';
import { meetingRoutes } from './meetings/routes.js';
import { partnerRoutes } from './partners/routes.js';
import { statementRoutes } from './statements/routes.js';
import { writeRoutes } from './curation/routes.js';
import { importRoutes } from './imports/routes.js';
import { statsRoutes } from './stats/routes.js';
import { readKeyResponses, requireScope } from '../platform/auth.js';
import { themeRoutes } from './themes/routes.js';

/** The read API under /v1: every answer is cacheable, language-negotiated and revalidatable. */
export const v1Routes: FastifyPluginAsync<{
  db: AppDatabase;
  cacheMaxAge: number;
  /** 0: no response cache. */
  responseCacheMaxEntries?: number;
  requireAuthForReads?: boolean;
  /** The app's cached-answer lane, which the response cache (when there is one) feeds. */
  cachedAnswerLane?: CachedAnswerLane;
}> = async (app, { db, cacheMaxAge, responseCacheMaxEntries = 2000, requireAuthForReads = false, cachedAnswerLane }) => {
  // Deployments that close reads (REQUIRE_AUTH_FOR_READS=true) need a key with the read scope for every GET.
  // An onRequest hook, so that it runs before the response cache can answer.
  if (requireAuthForReads) {
    const read = requireScope(db, 'read');
    app.addHook('onRequest', async (request) => {
      if (request.method === 'GET' || request.method === 'HEAD') await read(request);
    });
  }

  // The document is the same whatever the setting, so every GET declares the 401 and 403 that the setting can
  // give, and offers the key (optional: `{}` first) so that Swagger UI sends it once authorised.
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (route.method !== 'GET' || !schema?.response || schema.hide) return;
    route.schema = {
      ...schema,
      security: schema.security ?? [{}, { apiKey: [] }],
      response: { ...readKeyResponses, ...(schema.response as Record<string, unknown>) },
    };
  });

  // Vary, the response cache, Last-Modified, ETag and 304, in their order (src/platform/http-cache/index.ts).
  registerHttpCaching(app, { db, maxAge: cacheMaxAge, responseCacheMaxEntries, lane: cachedAnswerLane });

  await app.register(statementRoutes, { db });
  await app.register(meetingRoutes, { db });
  await app.register(partnerRoutes, { db });
  await app.register(themeRoutes, { db });
  await app.register(briefingRoutes, { db });
  await app.register(statsRoutes, { db });
  await app.register(writeRoutes, { db });
  await app.register(importRoutes, { db });
  await app.register(exportRoutes, { db, cacheMaxAge });
};
