import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import cors from '@fastify/cors';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { parse as parseQueryString } from 'node:querystring';
import type { Config } from './config.js';
import type { AppDatabase } from './db/engine.js';
import { registerAbuseLimits, serverLimitOptions, type AbuseLimitsConfig } from './platform/abuse-limits.js';
import { registerAuth } from './platform/auth.js';
import { verifyApiKey } from './modules/api-keys/queries.js';
import { registerOpenApi } from './platform/openapi.js';
import { CachedAnswerLane } from './platform/http-cache/index.js';
import { createLogger } from './platform/logger.js';
import { clientErrorHandler, frameworkErrors, registerProblemHandlers } from './platform/problem-details.js';
import { healthRoutes } from './modules/health/routes.js';
import { problemTypeRoutes } from './modules/problem-types/routes.js';
import { v1Routes } from './modules/v1-routes.js';

export interface BuildAppOptions {
  config: Pick<Config, 'LOG_LEVEL' | 'CORS_ORIGINS' | 'CACHE_MAX_AGE' | 'RESPONSE_CACHE_MAX_ENTRIES' | 'REQUIRE_AUTH_FOR_READS'> & AbuseLimitsConfig;
  db: AppDatabase;
  /** The process's logger (src/server.ts makes it); by default one at config.LOG_LEVEL. */
  logger?: Logger;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers GETs from the response cache before Fastify (src/platform/http-cache/cached-answer-lane.ts). */
    cachedAnswerLane: CachedAnswerLane;
  }
}

/** A client may pass its own request id (for tracing across services) if it is short and plain. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Builds the whole application around an open, migrated database: ready, not listening.
 * Opening the database, reading the environment and listening are src/server.ts's job alone.
 */
export async function buildApp({ config, db, logger = createLogger(config.LOG_LEVEL) }: BuildAppOptions): Promise<App> {
  // The lane's switch. Reads that need a key always go through Fastify (the lane answers no request with a key); without
  // a response cache (RESPONSE_CACHE_MAX_ENTRIES=0) the lane has nothing to answer from and stays off too.
  const lane = new CachedAnswerLane({ on: !config.REQUIRE_AUTH_FOR_READS });
  const app = Fastify({
    // The HTTP server Fastify would make, offering each request to the cached-answer lane first.
    serverFactory: lane.serverFactory,
    // Typed as Fastify's base logger so that plugins typed for the default logger fit this instance.
    loggerInstance: logger as FastifyBaseLogger,
    requestIdHeader: false,
    genReqId: requestIdOf,
    frameworkErrors,
    clientErrorHandler,
    // Reject absurd inputs early (BODY_LIMIT_BYTES); bound the time a client may take (REQUEST_TIMEOUT_MS).
    ...serverLimitOptions(config),
    routerOptions: {
      ignoreTrailingSlash: true,
      maxParamLength: 200,
      // A repeated parameter (partner=FR&partner=US) means the same as a comma-separated one (partner=FR,US).
      querystringParser: (query) => {
        const parsed = parseQueryString(query);
        return Object.fromEntries(
          Object.entries(parsed).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]),
        );
      },
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Callback hooks where there is nothing to await: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  registerProblemHandlers(app);
  registerAuth(app);
  await app.register(cors, {
    origin: config.CORS_ORIGINS.includes('*') ? '*' : config.CORS_ORIGINS,
    methods: ['GET', 'HEAD', 'OPTIONS', 'POST', 'PATCH', 'DELETE'],
    // Every request header a client may send (tests/api/openapi.test.ts checks the document's header parameters
    // are all here): a browser's preflight refuses any other.
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'If-Modified-Since', 'Accept-Language', 'X-Request-Id'],
    // Every response header the document declares (src/platform/openapi-headers.ts), so that a browser's script can
    // read it; tests/api/openapi.test.ts checks it.
    exposedHeaders: [
      'ETag', 'Link', 'Last-Modified', 'Content-Language', 'X-Request-Id', 'Content-Disposition', 'Location', 'Retry-After',
      'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Vary', 'WWW-Authenticate', 'Accept-Post', 'Accept-Patch',
    ],
    maxAge: 600,
  });
  const { admitRead } = await registerAbuseLimits(app, config, async (key) => (await verifyApiKey(db, key))?.id ?? null);
  await registerOpenApi(app);
  await app.register(healthRoutes, { db });
  await app.register(problemTypeRoutes, { cacheMaxAge: config.CACHE_MAX_AGE });
  await app.register(v1Routes, {
    prefix: '/v1',
    db,
    cacheMaxAge: config.CACHE_MAX_AGE,
    responseCacheMaxEntries: config.RESPONSE_CACHE_MAX_ENTRIES,
    requireAuthForReads: config.REQUIRE_AUTH_FOR_READS,
    cachedAnswerLane: lane,
  });

  app.decorate('cachedAnswerLane', lane);
  app.addHook('preClose', (done) => {
    lane.close();
    done();
  });

  await app.ready();
  // From here the lane answers, if its switch is on and a response cache feeds it.
  lane.enable({ admit: admitRead, requestId: requestIdOf, underPressure: () => app.isUnderPressure(), log: app.log as unknown as Logger });
  return app;
}
