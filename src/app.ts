import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { AppDatabase } from './db/client.js';
import { registerOpenApi } from './plugins/openapi.js';
import { clientErrorHandler, frameworkErrors, registerProblemHandlers } from './plugins/problem-details.js';
import { healthRoutes } from './routes/health.js';

export interface BuildAppOptions {
  config: Pick<Config, 'LOG_LEVEL'>;
  db: AppDatabase;
}

export type App = FastifyInstance;

/** A client may pass its own request id (for tracing across services) if it is short and plain. */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the whole application around an open, migrated database: ready, not listening.
 * Opening the database, reading the environment and listening are src/server.ts's job alone.
 */
export async function buildApp({ config, db }: BuildAppOptions): Promise<App> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && ACCEPTABLE_REQUEST_ID.test(given) ? given : randomUUID();
    },
    frameworkErrors,
    clientErrorHandler,
    // Reject absurd inputs early; the API's URLs and bodies are small.
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerProblemHandlers(app);
  await registerOpenApi(app);
  await app.register(healthRoutes, { db });

  await app.ready();
  return app;
}
