import { z } from 'zod';
import { isoDateSchema, slugSchema, statementKindSchema } from '../../schemas/common.js';
import { listQuerySchema } from '../../schemas/query.js';
import { statementFilterShape } from './filters.js';
import { facetsParam, facetsSchema } from '../stats/facet-schemas.js';
import { listSchema, meetingRefSchema, partnerRefSchema, passageSchema, themeRefSchema, timestampsShape } from '../../schemas/refs.js';

export const statementSchema = z
  .object({
    id: slugSchema.meta({ examples: ['japan-france-summit-2026-04-joint-statement'] }),
    kind: statementKindSchema,
    kindLabel: z.string().meta({ examples: ['共同声明'] }),
    date: isoDateSchema.describe('The day the statement was issued (for a meeting of several days, its last day).'),
    title: z.string().meta({ examples: ['日仏首脳会談'] }),
    text: z.string().describe('The body exactly as in the briefing (Japanese), underline markup removed.'),
    textLanguage: z.literal('ja').describe('Bodies are the Japanese originals, whatever `lang` asks for labels.'),
    meeting: meetingRefSchema,
    partners: z.array(partnerRefSchema).describe('The partners the statement concerns.'),
    themes: z
      .array(
        themeRefSchema.extend({
          evidence: z.array(passageSchema).min(1).describe('The passages of the body that justify the tag.'),
        }),
      )
      .describe('Themes the statement is tagged with, each with its evidence.'),
    highlights: z.array(passageSchema).describe('The passages the briefing underlines, in order.'),
    paragraphs: z
      .array(passageSchema.extend({ number: z.string().nullable().describe('The number the briefing gives it (15, 19), or null.') }))
      .describe('The body split into its paragraphs.'),
    provenance: z
      .object({
        briefingId: z.string().nullable().describe('The briefing it was transcribed from, or null for one added through the API.'),
        briefingTitle: z.string().nullable(),
        briefingDate: isoDateSchema.nullable(),
        issuer: z.string().nullable(),
        sourceFile: z.string().nullable().describe('File under seeds/source/ the statement was transcribed from.'),
        sourceLine: z.int().nullable().describe('Line of that file.'),
        sourceHeading: z.string().nullable().describe('The entry heading as printed in the briefing.'),
        citation: z.string().nullable().describe('The source line the briefing gives for its statements.'),
        sourceUrl: z.string().nullable().describe('For a statement added through the API: where its text comes from.'),
        sourceTitle: z.string().nullable().describe('Title of that source.'),
      })
      .describe('Where the statement comes from.'),
    ...timestampsShape,
  })
  .meta({ id: 'Statement', description: 'A joint statement, chair’s statement or news release, with everything about it.' });

export type Statement = z.infer<typeof statementSchema>;

/** A statement in a list; with `q`, also where and how well it matched. */
export const statementListItemSchema = statementSchema
  .extend({
    match: z
      .object({
        snippet: z
          .string()
          .nullable()
          .describe('An HTML-escaped excerpt with every match wrapped in the markers (markStart/markEnd); null if only a label matched and no text shows it.'),
        score: z.number().nullable().describe('bm25 relevance, higher is better; set with sort=relevance, else null.'),
      })
      .optional()
      .describe('Present when the request has `q`.'),
  })
  .meta({ id: 'StatementListItem', description: 'A statement as listed: the Statement object, plus `match` when searching.' });

export type StatementListItem = z.infer<typeof statementListItemSchema>;
export const statementListSchema = listSchema(statementListItemSchema, 'StatementList')
  .extend({ facets: facetsSchema.optional().describe('Present when the request asks for facets.') })
  .meta({ id: 'StatementList' });

/** The filters' parameters are declared with their conditions, in the filter registry. */
export { statementFilterShape } from './filters.js';

export const statementSortKeys = ['date', 'updatedAt', 'title', 'relevance'] as const;

const markParam = (fallback: string) =>
  z
    .string()
    .max(50)
    .meta({ examples: [fallback], default: fallback })
    .optional()
    .describe(`Marker written ${fallback.startsWith('</') ? 'after' : 'before'} each match in snippets (default ${fallback}).`);

/** The order of the statements, for the list and the export alike. */
export const statementSort = {
  keys: statementSortKeys,
  default: '-date',
  description: 'Order: date, updatedAt, title (in the label language) or relevance (with q: bm25 best first, then newest).',
} as const;

/** What `sort` asks of the rest of a statement query: relevance is best first, and needs a search. */
export function checkStatementSort(query: { sort?: string; q?: unknown }, ctx: z.RefinementCtx): void {
  if (query.sort === '-relevance') ctx.addIssue({ code: 'custom', path: ['sort'], message: 'relevance is always best first: use sort=relevance' });
  else if (query.sort === 'relevance' && !query.q) ctx.addIssue({ code: 'custom', path: ['sort'], message: 'relevance needs a search: add q' });
}

export const statementListQuerySchema = listQuerySchema(
  { ...statementFilterShape, facets: facetsParam, markStart: markParam('<mark>'), markEnd: markParam('</mark>') },
  statementSort,
).superRefine(checkStatementSort);

export type StatementListQuery = z.infer<typeof statementListQuerySchema>;

export const statementIdParamsSchema = z.strictObject({
  id: slugSchema.describe('Statement id.').meta({ examples: ['japan-france-summit-2026-04-joint-statement'] }),
});
