import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { getPartner, listPartners } from './queries.js';
import { NotFoundError } from '../../errors.js';
import { answerLanguage, pageAnswer } from '../../platform/reply-helpers.js';
import { partnerCodeParamsSchema, partnerListQuerySchema, partnerListSchema, partnerSchema } from './schemas.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import { itemQuerySchema, LIST_LIMIT_DEFAULT } from '../../schemas/query.js';

export const partnerRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  app.get(
    '/partners',
    {
      schema: {
        operationId: 'listPartners',
        tags: ['partners'],
        summary: 'List partners',
        description:
          'Countries (with ISO 3166-1 alpha-2 codes), organisations and groups, each with its members, the groups it ' +
          'belongs to and its statement counts. Same paging, sorting and language conventions as /v1/statements.',
        querystring: partnerListQuerySchema,
        response: {
          200: partnerListSchema,
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const limit = request.query.limit ?? LIST_LIMIT_DEFAULT;
      const { page, items } = listPartners(db, request.query, lang, limit);
      return pageAnswer(request, reply, page, items, limit);
    },
  );

  app.get(
    '/partners/:code',
    {
      schema: {
        operationId: 'getPartner',
        tags: ['partners'],
        summary: 'Get a partner',
        description: 'One partner by code, case-insensitive (fr = FR).',
        params: partnerCodeParamsSchema,
        querystring: itemQuerySchema,
        response: {
          200: partnerSchema,
          304: notModifiedResponse,
          400: problemResponse('The code or a parameter is invalid.'),
          404: problemResponse('No partner has this code.'),
          414: problemResponse('The id is longer than any record’s.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const partner = getPartner(db, request.params.code, lang);
      if (!partner) throw new NotFoundError(`There is no partner with code ${request.params.code}; see /v1/partners.`);
      return partner;
    },
  );
};
