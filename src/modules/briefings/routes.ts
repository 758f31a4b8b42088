import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getBriefing, listBriefings } from './queries.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { NotFoundError } from '../../errors.js';
import { answerLanguage, pageAnswer } from '../../platform/reply-helpers.js';
import { briefingIdParamsSchema, briefingListQuerySchema, briefingListSchema, briefingSchema } from './schemas.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import { itemQuerySchema, LIST_LIMIT_DEFAULT } from '../../schemas/query.js';

export const briefingRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  app.get(
    '/briefings',
    {
      schema: {
        operationId: 'listBriefings',
        tags: ['briefings'],
        summary: 'List briefings',
        description: 'The source documents, each with its sections (lesson, approach, statements, cited sources).',
        querystring: briefingListQuerySchema,
        response: {
          200: briefingListSchema,
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const limit = request.query.limit ?? LIST_LIMIT_DEFAULT;
      const { page, items } = listBriefings(db, request.query, lang, limit);
      return pageAnswer(request, reply, page, items, limit);
    },
  );

  app.get(
    '/briefings/:id',
    {
      schema: {
        operationId: 'getBriefing',
        tags: ['briefings'],
        summary: 'Get a briefing',
        description:
          'The document with its sections: the 2010 rare-earth lesson (stages, responses and outcomes, challenges, the ' +
          'chart caption and sources), the policy approach, the statements it lists in its order, and its cited sources.',
        params: briefingIdParamsSchema,
        querystring: itemQuerySchema,
        response: {
          200: briefingSchema,
          304: notModifiedResponse,
          400: problemResponse('The id or a parameter is invalid.'),
          404: problemResponse('No briefing has this id.'),
          414: problemResponse('The id is longer than any record’s.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const briefing = getBriefing(db, request.params.id, lang);
      if (!briefing) throw new NotFoundError(`There is no briefing with id ${request.params.id}.`);
      return briefing;
    },
  );
};
