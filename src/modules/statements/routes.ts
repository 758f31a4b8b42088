import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { getStatement, listStatements } from './queries.js';
import { NotFoundError } from '../../errors.js';
import { answerLanguage, pageAnswer } from '../../platform/reply-helpers.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import { itemQuerySchema, LIST_LIMIT_DEFAULT } from '../../schemas/query.js';
import { statementIdParamsSchema, statementListQuerySchema, statementListSchema, statementSchema } from './schemas.js';

export const statementRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  app.get(
    '/statements',
    {
      schema: {
        operationId: 'listStatements',
        tags: ['statements'],
        summary: 'List statements',
        description:
          'Joint statements, chair’s statements and news releases, each with its meeting, partners, themes (with ' +
          'evidence), highlights, paragraphs and provenance. Filters combine with AND; a comma-separated value means ' +
          'OR. `partner` also matches the groups the partner belongs to unless `partnerMatch=direct`; `theme` also ' +
          'matches child themes. Keyset paging: follow `nextCursor` (or the Link header) until it is null.',
        querystring: statementListQuerySchema,
        response: {
          200: statementListSchema,
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const limit = request.query.limit ?? LIST_LIMIT_DEFAULT;
      const { page, items, facets } = await listStatements(db, request.query, lang, limit);
      return { ...pageAnswer(request, reply, page, items, limit), ...(facets ? { facets } : {}) };
    },
  );

  app.get(
    '/statements/:id',
    {
      schema: {
        operationId: 'getStatement',
        tags: ['statements'],
        summary: 'Get a statement',
        description: 'One statement with its verbatim Japanese body and everything about it.',
        params: statementIdParamsSchema,
        querystring: itemQuerySchema,
        response: {
          200: statementSchema,
          304: notModifiedResponse,
          400: problemResponse('The id or a parameter is invalid.'),
          404: problemResponse('No statement has this id.'),
          414: problemResponse('The id is longer than any record’s.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const statement = getStatement(db, request.params.id, lang);
      if (!statement) throw new NotFoundError(`There is no statement with id ${request.params.id}.`);
      return statement;
    },
  );
};
