import { readRoutes } from '../read-routes.js';
import { getMeeting, listMeetings } from './queries.js';
import { meetingIdParamsSchema, meetingListQuerySchema, meetingListSchema, meetingSchema } from './schemas.js';

export const meetingRoutes = readRoutes(
  {
    path: '/meetings',
    operationId: 'listMeetings',
    tags: ['meetings'],
    summary: 'List meetings',
    description:
      'Summits, ministerial meetings, councils and dialogues, each with its partners and statements. A date range ' +
      'matches the meetings it overlaps. Same paging, sorting and language conventions as /v1/statements.',
    querystring: meetingListQuerySchema,
    response: meetingListSchema,
    answer: 'One page of the matching meetings, with the total and the cursor of the next page (null on the last).',
    list: listMeetings,
  },
  {
    path: '/meetings/:id',
    operationId: 'getMeeting',
    tags: ['meetings'],
    summary: 'Get a meeting',
    description: 'One meeting with its dates, Japanese representative, partners and statements.',
    params: meetingIdParamsSchema,
    key: 'id',
    keyName: 'id',
    noun: 'meeting',
    response: meetingSchema,
    answer: 'The meeting, with its dates, Japanese representative, partners and statements.',
    get: getMeeting,
    notFound: (id) => `There is no meeting with id ${id}.`,
  },
);
