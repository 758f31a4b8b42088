import { z } from 'zod';
import { isoDateSchema, meetingKindSchema, partnerCodeSchema, slugSchema, statementKindSchema } from './common.js';
import {
  fromParam,
  listQuerySchema,
  partnerMatchParam,
  csvParam,
  toParam,
  updatedSinceParam,
} from './query.js';
import { listSchema, meetingRefSchema, partnerRefSchema, passageSchema, themeRefSchema, timestampsShape } from './refs.js';

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
        briefingId: z.string(),
        briefingTitle: z.string(),
        briefingDate: isoDateSchema,
        issuer: z.string(),
        sourceFile: z.string().describe('File under seeds/source/ the statement was transcribed from.'),
        sourceLine: z.int().describe('Line of that file.'),
        sourceHeading: z.string().describe('The entry heading as printed in the briefing.'),
        citation: z.string().describe('The source line the briefing gives for its statements.'),
      })
      .describe('Where the statement comes from.'),
    ...timestampsShape,
  })
  .meta({ id: 'Statement', description: 'A joint statement, chair’s statement or news release, with everything about it.' });

export type Statement = z.infer<typeof statementSchema>;

export const statementListSchema = listSchema(statementSchema, 'StatementList');

const partnerCodeParam = z.string().transform((code) => code.toUpperCase()).pipe(partnerCodeSchema);

export const statementFilterShape = {
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

export const statementSortKeys = ['date', 'updatedAt', 'title'] as const;

export const statementListQuerySchema = listQuerySchema(statementFilterShape, {
  keys: statementSortKeys,
  default: '-date',
  description: 'Order: date, updatedAt or title (in the label language).',
});

export type StatementListQuery = z.infer<typeof statementListQuerySchema>;

export const statementIdParamsSchema = z.strictObject({
  id: slugSchema.describe('Statement id.').meta({ examples: ['japan-france-summit-2026-04-joint-statement'] }),
});
