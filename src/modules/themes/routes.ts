import { readRoutes } from '../read-routes.js';
import { getTheme, listThemes } from './queries.js';
import { themeIdParamsSchema, themeListQuerySchema, themeListSchema, themeSchema } from './schemas.js';

export const themeRoutes = readRoutes(
  {
    path: '/themes',
    operationId: 'listThemes',
    tags: ['themes'],
    summary: 'List themes',
    description:
      'The controlled vocabulary: topics (critical-minerals, export-controls, …) and the three approaches ' +
      '(promotion, protection, partnership), each with its parent, children and statement counts.',
    querystring: themeListQuerySchema,
    response: themeListSchema,
    answer: 'One page of the matching themes, with the total and the cursor of the next page (null on the last).',
    list: listThemes,
  },
  {
    path: '/themes/:id',
    operationId: 'getTheme',
    tags: ['themes'],
    summary: 'Get a theme',
    description: 'One theme by slug, with its parent, children and statement counts.',
    params: themeIdParamsSchema,
    key: 'id',
    keyName: 'slug',
    noun: 'theme',
    response: themeSchema,
    answer: 'The theme, with its parent, children and statement counts.',
    get: getTheme,
    notFound: (id) => `There is no theme ${id}; see /v1/themes.`,
  },
);
