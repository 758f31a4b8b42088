import { z } from 'zod';
import { isoDateSchema, meetingKindSchema, partnerCodeSchema, slugSchema, statementKindSchema } from '../../schemas/common.js';
import {
  fromParam,
  listQuerySchema,
  partnerMatchParam,
  csvParam,
  toParam,
  updatedSinceParam,
} from '../../schemas/query.js';
import { parseSearchQuery, SEARCH_MAX_LENGTH } from '../search/query-parser.js';
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
export type StatementList = z.infer<typeof statementListSchema>;

export const SEARCH_SYNTAX =
  'Full-text search in statement bodies, titles, meeting names and theme labels, in Japanese and English. ' +
  'Text is NFKC-normalised and case-folded on both sides (ＡＩ = AI, Ｇ７ = g7). Terms separated by spaces must all ' +
  'occur (AND); "…" is a phrase (spaces kept); a leading - excludes a term or phrase (-"…"). Every term is an exact ' +
  'substring, of any length: 威圧 and AI are found as surely as 経済的威圧. Everything else is literal text.';

const partnerCodeParam = z.string().transform((code) => code.toUpperCase()).pipe(partnerCodeSchema);

export const searchParam = z
  .string()
  .max(SEARCH_MAX_LENGTH, `must be at most ${SEARCH_MAX_LENGTH} characters`)
  .meta({ examples: ['経済的威圧'] })
  .transform((value, ctx) => {
    const parsed = parseSearchQuery(value);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  })
  .optional();

export const statementFilterShape = {
  q: searchParam.describe(SEARCH_SYNTAX),
  partner: csvParam(partnerCodeParam, 'Partner code(s) the statement concerns (case-insensitive), e.g. FR or EU.', 'FR'),
  partnerMatch: partnerMatchParam,
  theme: csvParam(slugSchema, 'Theme slug(s); a theme also matches its child themes.', 'export-controls'),
  kind: csvParam(statementKindSchema, 'Statement kind(s).', 'joint_statement'),
  meetingKind: csvParam(meetingKindSchema, 'Kind(s) of the meeting the statement comes from.', 'summit'),
  meeting: csvParam(slugSchema, 'Meeting id(s).', 'g7-trade-ministers-meeting-2026'),
  representative: csvParam(z.string().min(1).max(100), "Japan's representative at the meeting, in Japanese or English (赤澤大臣, Minister Akazawa).", '赤澤大臣'),
  from: fromParam,
  to: toParam,
  updatedSince: updatedSinceParam,
};

export const statementSortKeys = ['date', 'updatedAt', 'title', 'relevance'] as const;

const markParam = (fallback: string) =>
  z
    .string()
    .max(50)
    .meta({ examples: [fallback] })
    .optional()
    .describe(`Marker written ${fallback.startsWith('</') ? 'after' : 'before'} each match in snippets (default ${fallback}).`);

export const statementListQuerySchema = listQuerySchema(
  { ...statementFilterShape, facets: facetsParam, markStart: markParam('<mark>'), markEnd: markParam('</mark>') },
  {
    keys: statementSortKeys,
    default: '-date',
    description: 'Order: date, updatedAt, title (in the label language) or relevance (with q: bm25 best first, then newest).',
  },
).superRefine((query, ctx) => {
  if (query.sort === '-relevance') ctx.addIssue({ code: 'custom', path: ['sort'], message: 'relevance is always best first: use sort=relevance' });
  else if (query.sort === 'relevance' && !query.q) ctx.addIssue({ code: 'custom', path: ['sort'], message: 'relevance needs a search: add q' });
});

export type StatementListQuery = z.infer<typeof statementListQuerySchema>;

export const statementIdParamsSchema = z.strictObject({
  id: slugSchema.describe('Statement id.').meta({ examples: ['japan-france-summit-2026-04-joint-statement'] }),
});
