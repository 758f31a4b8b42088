import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { getMeeting, listMeetings } from './queries.js';
import { NotFoundError } from '../../errors.js';
import { answerLanguage, pageAnswer } from '../../platform/reply-helpers.js';
import { meetingIdParamsSchema, meetingListQuerySchema, meetingListSchema, meetingSchema } from './schemas.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import { itemQuerySchema, LIST_LIMIT_DEFAULT } from '../../schemas/query.js';

export const meetingRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  app.get(
    '/meetings',
    {
      schema: {
        operationId: 'listMeetings',
        tags: ['meetings'],
        summary: 'List meetings',
        description:
          'Summits, ministerial meetings, councils and dialogues, each with its partners and statements. A date range ' +
          'matches the meetings it overlaps. Same paging, sorting and language conventions as /v1/statements.',
        querystring: meetingListQuerySchema,
        response: {
          200: meetingListSchema,
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const limit = request.query.limit ?? LIST_LIMIT_DEFAULT;
      const { page, items } = listMeetings(db, request.query, lang, limit);
      return pageAnswer(request, reply, page, items, limit);
    },
  );

  app.get(
    '/meetings/:id',
    {
      schema: {
        operationId: 'getMeeting',
        tags: ['meetings'],
        summary: 'Get a meeting',
        description: 'One meeting with its dates, Japanese representative, partners and statements.',
        params: meetingIdParamsSchema,
        querystring: itemQuerySchema,
        response: {
          200: meetingSchema,
          304: notModifiedResponse,
          400: problemResponse('The id or a parameter is invalid.'),
          404: problemResponse('No meeting has this id.'),
          414: problemResponse('The id is longer than any record’s.'),
        },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const meeting = getMeeting(db, request.params.id, lang);
      if (!meeting) throw new NotFoundError(`There is no meeting with id ${request.params.id}.`);
      return meeting;
    },
  );
};
