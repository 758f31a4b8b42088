import { readRoutes } from '../read-routes.js';
import { getBriefing, listBriefings } from './queries.js';
import { briefingIdParamsSchema, briefingListQuerySchema, briefingListSchema, briefingSchema } from './schemas.js';

export const briefingRoutes = readRoutes(
  {
    path: '/briefings',
    operationId: 'listBriefings',
    tags: ['briefings'],
    summary: 'List briefings',
    description: 'The source documents, each with its sections (lesson, approach, statements, cited sources).',
    querystring: briefingListQuerySchema,
    response: briefingListSchema,
    answer: 'One page of the briefings, with the total and the cursor of the next page (null on the last).',
    list: listBriefings,
  },
  {
    path: '/briefings/:id',
    operationId: 'getBriefing',
    tags: ['briefings'],
    summary: 'Get a briefing',
    description:
      'The document with its sections: the 2010 rare-earth lesson (stages, responses and outcomes, challenges, the ' +
      'chart caption and sources), the policy approach, the statements it lists in its order, and its cited sources.',
    params: briefingIdParamsSchema,
    key: 'id',
    keyName: 'id',
    noun: 'briefing',
    response: briefingSchema,
    answer: 'The briefing, with its lesson, policy approach, statements in its order and cited sources.',
    get: getBriefing,
    notFound: (id) => `There is no briefing with id ${id}.`,
  },
);
