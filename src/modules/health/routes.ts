import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/engine.js';
import { checkDatabase } from './queries.js';
import { livenessSchema, readinessSchema } from './schemas.js';
import { jsonResponse, problemResponse } from '../../schemas/problem.js';
import { sendProblem } from '../../platform/problem-details.js';

export const healthRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  // Probes hit every few seconds: log them only from warn up. A route's logLevel overrides the server's,
  // so a silenced server (tests) stays silent.
  const logLevel = app.log.level === 'silent' ? 'silent' : 'warn';
  app.get(
    '/healthz',
    {
      logLevel,
      // Probes are never rate-limited; liveness is never shed under load either (readiness is: 503 = not ready).
      config: { rateLimit: false, loadShedding: false },
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Liveness probe',
        description: 'Answers 200 while the process is up. Does not touch the database: use /readyz for that.',
        response: { 200: jsonResponse('The process is up and answering.', livenessSchema), 500: problemResponse('The process cannot answer.') },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      logLevel,
      config: { rateLimit: false },
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness probe',
        description: 'Answers 200 when the database answers a query, 503 (problem) when it does not or while the server sheds load.',
        response: { 200: jsonResponse('The database answers: ready for traffic, with the seed version it holds.', readinessSchema), 503: problemResponse('The database does not answer, or the server is overloaded and sheds load (Retry-After).') },
      },
    },
    async (request, reply) => {
      try {
        const { seedVersion } = await checkDatabase(db);
        return { status: 'ok' as const, database: 'ok' as const, seedVersion };
      } catch (err) {
        request.log.error({ err }, 'readiness check failed');
        return sendProblem(reply, { status: 503, detail: 'The database does not answer.' });
      }
    },
  );
};
