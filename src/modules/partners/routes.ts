import { readRoutes } from '../read-routes.js';
import { getPartner, listPartners } from './queries.js';
import { partnerCodeParamsSchema, partnerListQuerySchema, partnerListSchema, partnerSchema } from './schemas.js';

export const partnerRoutes = readRoutes(
  {
    path: '/partners',
    operationId: 'listPartners',
    tags: ['partners'],
    summary: 'List partners',
    description:
      'Countries (with ISO 3166-1 alpha-2 codes), organisations and groups, each with its members, the groups it ' +
      'belongs to and its statement counts. Same paging, sorting and language conventions as /v1/statements.',
    querystring: partnerListQuerySchema,
    response: partnerListSchema,
    answer: 'One page of the matching partners, with the total and the cursor of the next page (null on the last).',
    list: listPartners,
  },
  {
    path: '/partners/:code',
    operationId: 'getPartner',
    tags: ['partners'],
    summary: 'Get a partner',
    description: 'One partner by code, case-insensitive (fr = FR).',
    params: partnerCodeParamsSchema,
    key: 'code',
    keyName: 'code',
    noun: 'partner',
    response: partnerSchema,
    answer: 'The partner, with its members, the groups it belongs to and its statement counts.',
    get: getPartner,
    notFound: (code) => `There is no partner with code ${code}; see /v1/partners.`,
  },
);
