import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { getTheme, listThemes } from './queries.js';
import { NotFoundError } from '../../errors.js';
import { answerLanguage, pageAnswer } from '../../platform/reply-helpers.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import { itemQuerySchema, LIST_LIMIT_DEFAULT } from '../../schemas/query.js';
import { themeIdParamsSchema, themeListQuerySchema, themeListSchema, themeSchema } from './schemas.js';

export const themeRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  app.get(
    '/themes',
    {
      schema: {
        operationId: 'listThemes',
        tags: ['themes'],
        summary: 'List themes',
        description:
          'The controlled vocabulary: topics (critical-minerals, export-controls, …) and the three approaches ' +
          '(promotion, protection, partnership), each with its parent, children and statement counts.',
        querystring: themeListQuerySchema,
        response: {
          200: themeListSchema,
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const limit = request.query.limit ?? LIST_LIMIT_DEFAULT;
      const { page, items } = listThemes(db, request.query, lang, limit);
      return pageAnswer(request, reply, page, items, limit);
    },
  );

  app.get(
    '/themes/:id',
    {
      schema: {
        operationId: 'getTheme',
        tags: ['themes'],
        summary: 'Get a theme',
        description: 'One theme by slug, with its parent, children and statement counts.',
        params: themeIdParamsSchema,
        querystring: itemQuerySchema,
        response: {
          200: themeSchema,
          304: notModifiedResponse,
          400: problemResponse('The slug or a parameter is invalid.'),
          404: problemResponse('No theme has this slug.'),
          414: problemResponse('The id is longer than any record’s.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const theme = getTheme(db, request.params.id, lang);
      if (!theme) throw new NotFoundError(`There is no theme ${request.params.id}; see /v1/themes.`);
      return theme;
    },
  );
};
