import { z } from 'zod';
import { slugSchema, themeKindSchema } from '../../schemas/common.js';
import { csvParam, listQuerySchema, updatedSinceParam } from '../../schemas/query.js';
import { listSchema, themeRefSchema, timestampsShape } from '../../schemas/refs.js';

export const themeSchema = themeRefSchema
  .extend({
    kindLabel: z.string(),
    description: z.string(),
    parent: themeRefSchema.nullable().describe('The broader theme, or null.'),
    children: z.array(themeRefSchema).describe('Narrower themes.'),
    statementCount: z.int().describe('Statements that /v1/statements?theme=ID returns: tagged with it or a child.'),
    directStatementCount: z.int().describe('Statements tagged with this theme itself.'),
    ...timestampsShape,
  })
  .meta({ id: 'Theme', description: 'A topic or approach of the controlled vocabulary.' });

export type Theme = z.infer<typeof themeSchema>;
export const themeListSchema = listSchema(themeSchema, 'ThemeList');

export const themeListQuerySchema = listQuerySchema(
  {
    kind: csvParam(themeKindSchema, 'Theme kind(s): topic or approach.', 'topic'),
    parent: csvParam(slugSchema, 'Only children of these themes.', 'critical-minerals'),
    updatedSince: updatedSinceParam,
  },
  { keys: ['id', 'label'] as const, default: 'id', description: 'Order: id or label (in the label language).' },
);
export type ThemeListQuery = z.infer<typeof themeListQuerySchema>;

export const themeIdParamsSchema = z.strictObject({
  id: slugSchema.describe('Theme slug.').meta({ examples: ['critical-minerals'] }),
});
