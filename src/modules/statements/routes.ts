import { readRoutes } from '../read-routes.js';
import { getStatement } from './load.js';
import { listStatements } from './queries.js';
import { statementIdParamsSchema, statementListQuerySchema, statementListSchema, statementSchema } from './schemas.js';

export const statementRoutes = readRoutes(
  {
    path: '/statements',
    operationId: 'listStatements',
    tags: ['statements'],
    summary: 'List statements',
    description:
      'Joint statements, chair’s statements and news releases, each with its meeting, partners, themes (with ' +
      'evidence), highlights, paragraphs and provenance. Filters combine with AND; a comma-separated value means ' +
      'OR. `partner` also matches the groups the partner belongs to unless `partnerMatch=direct`; `theme` also ' +
      'matches child themes. Keyset paging: follow `nextCursor` (or the Link header) until it is null.',
    querystring: statementListQuerySchema,
    response: statementListSchema,
    answer: 'One page of the matching statements, with the total and the cursor of the next page (null on the last).',
    // Awaited whether the list answers at once or later.
    list: async (db, query, lang, limit) => listStatements(db, query, lang, limit),
  },
  {
    path: '/statements/:id',
    operationId: 'getStatement',
    tags: ['statements'],
    summary: 'Get a statement',
    description: 'One statement with its verbatim Japanese body and everything about it.',
    params: statementIdParamsSchema,
    key: 'id',
    keyName: 'id',
    noun: 'statement',
    response: statementSchema,
    answer: 'The statement, with its verbatim body, meeting, partners, themes and evidence, highlights and provenance.',
    get: getStatement,
    notFound: (id) => `There is no statement with id ${id}.`,
  },
);
