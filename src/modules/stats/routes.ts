import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/engine.js';
import { themesByPartner } from './matrix.js';
import { statsOverview } from './overview.js';
import { statsTimeline } from './timeline.js';
import { answerLanguage } from '../../platform/reply-helpers.js';
import { jsonResponse, notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import {
  matrixQuerySchema,
  matrixSchema,
  overviewQuerySchema,
  overviewSchema,
  timelineQuerySchema,
  timelineSchema,
} from './schemas.js';

const SAME_FILTERS = 'Takes every filter of /v1/statements (q included); counts follow the same matching.';

export const statsRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  app.get(
    '/stats/overview',
    {
      schema: {
        operationId: 'getStatsOverview',
        tags: ['stats'],
        summary: 'Totals for a dashboard',
        description: `How many statements match, over which dates, from how many meetings, partners and themes; totals per resource; when the data last changed and its version. ${SAME_FILTERS}`,
        querystring: overviewQuerySchema,
        response: { 200: jsonResponse('The totals of the matching statements and of every resource, with the data version.', overviewSchema), 304: notModifiedResponse, 400: problemResponse('A parameter is unknown or invalid.') },
      },
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      answerLanguage(request, reply, lang);
      return await statsOverview(db, filters);
    },
  );

  app.get(
    '/stats/timeline',
    {
      schema: {
        operationId: 'getStatsTimeline',
        tags: ['stats'],
        summary: 'Statements per period',
        description: `Counts per month, quarter or year, zero-filled from the first to the last matching statement (or from/to), optionally per theme or partner. ${SAME_FILTERS}`,
        querystring: timelineQuerySchema,
        response: { 200: jsonResponse('One count per period (per group with groupBy), zero-filled.', timelineSchema), 304: notModifiedResponse, 400: problemResponse('A parameter is unknown or invalid.') },
      },
    },
    async (request, reply) => {
      const { lang, interval, groupBy, ...filters } = request.query;
      return await statsTimeline(db, filters, interval ?? 'month', groupBy ?? null, answerLanguage(request, reply, lang));
    },
  );

  app.get(
    '/stats/themes-by-partner',
    {
      schema: {
        operationId: 'getStatsThemesByPartner',
        tags: ['stats'],
        summary: 'Theme × partner matrix',
        description: `Statement counts for every partner (rows) and theme (columns): which partners backed which line. ${SAME_FILTERS}`,
        querystring: matrixQuerySchema,
        response: { 200: jsonResponse('The partners, the themes and the count of statements for each pair.', matrixSchema), 304: notModifiedResponse, 400: problemResponse('A parameter is unknown or invalid.') },
      },
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      return await themesByPartner(db, filters, answerLanguage(request, reply, lang));
    },
  );
};
