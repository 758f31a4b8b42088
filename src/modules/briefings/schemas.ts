import { z } from 'zod';
import { approachPillarSchema, citedSourceRoleSchema, isoDateSchema, slugSchema } from '../../schemas/common.js';
import { fromParam, listQuerySchema, toParam } from '../../schemas/query.js';
import { listSchema, statementRefSchema, themeRefSchema, timestampsShape } from '../../schemas/refs.js';

export const citedSourceSchema = z
  .object({
    id: z.string(),
    role: citedSourceRoleSchema.describe('chart_source: printed under the chart; note_source: the ※ note; statements_source: the source of the statements table.'),
    citation: z.string().describe('The citation exactly as printed.'),
    appliesTo: z.string().nullable().describe('What it is cited for, in the briefing’s words, or null.'),
    author: z.string().nullable(),
    title: z.string().nullable(),
    year: z.int().nullable().describe('Year of publication where the briefing gives one.'),
  })
  .meta({ id: 'CitedSource' });

export const briefingSchema = z
  .object({
    id: slugSchema.meta({ examples: ['economic-security-policy-2026-06-15'] }),
    title: z.string(),
    date: isoDateSchema,
    issuer: z.string(),
    source: z.object({ file: z.string(), sha256: z.string() }).describe('The source file as received, and its SHA-256.'),
    citedSources: z.array(citedSourceSchema),
    lesson: z
      .object({
        id: z.string(),
        title: z.string(),
        chart: z
          .object({
            caption: z.string().describe('The chart is an image in the briefing: only its caption and sources are data.'),
            sourcesLabel: z.string(),
            sourceIds: z.array(z.string()).describe('Ids of citedSources printed under the chart.'),
          })
          .describe('The share chart.'),
        responseLabel: z.string().describe('Row heading 当時の対応 (the response at the time), Japanese only.'),
        challengeLabel: z.string().describe('Row heading 課題 (challenges), Japanese only.'),
        stages: z.array(
          z.object({
            id: z.string(),
            position: z.int(),
            name: z.string(),
            response: z.object({
              measure: z.string().describe('What was done, verbatim (Japanese).'),
              outcome: z.string().describe('Its outcome, after → in the briefing, verbatim (Japanese).'),
            }),
            challenge: z.string().describe('The challenge that remained, verbatim (Japanese).'),
          }),
        ),
      })
      .nullable()
      .describe('歴史を振り返る（例：2010年のレアアース・ショック）; null for a briefing without such a section.'),
    approach: z
      .object({
        title: z.string(),
        entries: z.array(
          z.object({
            id: z.string(),
            position: z.int(),
            group: z.int().describe('The block the briefing prints the entry in (1–3).'),
            pillar: approachPillarSchema,
            theme: themeRefSchema,
            line: z.string().describe('The entry exactly as printed.'),
            measuresText: z.string(),
            measures: z.array(z.string()),
          }),
        ),
      })
      .describe('経済安全保障政策のアプローチ'),
    statements: z
      .object({
        title: z.string().describe('Heading of the statements section, Japanese.'),
        citation: z.string().nullable().describe('The source line printed under the table.'),
        items: z.array(statementRefSchema),
      })
      .describe('The statements the briefing lists, in its order.'),
    ...timestampsShape,
  })
  .meta({ id: 'Briefing', description: 'The source document with its sections.' });

export type Briefing = z.infer<typeof briefingSchema>;
export const briefingListSchema = listSchema(briefingSchema, 'BriefingList');

export const briefingListQuerySchema = listQuerySchema(
  { from: fromParam, to: toParam },
  { keys: ['date'] as const, default: '-date', description: 'Order: date.' },
);
export type BriefingListQuery = z.infer<typeof briefingListQuerySchema>;

export const briefingIdParamsSchema = z.strictObject({
  id: slugSchema.describe('Briefing id.').meta({ examples: ['economic-security-policy-2026-06-15'] }),
});
