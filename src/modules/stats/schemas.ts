import { z } from 'zod';
import { checkDateRange, langParam } from '../../schemas/query.js';
import { statementFilterShape } from '../statements/filters.js';

/** Facets and statistics count statements, under the same filters as /v1/statements. */

function statsQuery<const S extends z.ZodRawShape>(extra: S) {
  return z.strictObject({ ...statementFilterShape, ...extra, lang: langParam }).superRefine(checkDateRange);
}

export const overviewQuerySchema = statsQuery({});

export const timelineQuerySchema = statsQuery({
  interval: z.enum(['month', 'quarter', 'year']).optional().describe('Length of a period (default month).').meta({ examples: ['quarter'], default: 'month' }),
  groupBy: z
    .enum(['theme', 'partner'])
    .optional()
    .describe('Also count per theme or per partner (same matching as the theme and partner filters).')
    .meta({ examples: ['partner'] }),
});

export const matrixQuerySchema = statsQuery({});

export const overviewSchema = z
  .object({
    statements: z.object({
      total: z.int().describe('Statements matching the filters.'),
      firstDate: z.string().nullable().describe('Date of the earliest of them, or null.'),
      lastDate: z.string().nullable().describe('Date of the latest of them, or null.'),
      meetings: z.int().describe('Distinct meetings they come from.'),
      partners: z.int().describe('Distinct partners they concern directly.'),
      themes: z.int().describe('Distinct themes they are tagged with.'),
      highlights: z.int().describe('Underlined passages in them.'),
    }),
    totals: z
      .object({ statements: z.int(), meetings: z.int(), partners: z.int(), themes: z.int(), briefings: z.int() })
      .describe('Every record of each resource, whatever the filters.'),
    lastUpdated: z.string().nullable().describe('When any record last changed (ISO 8601 UTC).'),
    seedVersion: z.string().nullable().describe('The newest seed version applied.'),
    datasetVersion: z.string().describe('Identifies the state of the data: seed version and last update.'),
  })
  .meta({ id: 'StatsOverview' });
export type Overview = z.infer<typeof overviewSchema>;

export const timelineSchema = z
  .object({
    interval: z.enum(['month', 'quarter', 'year']),
    groupBy: z.enum(['theme', 'partner']).nullable(),
    periods: z
      .array(
        z.object({
          period: z.string().describe('2026-03, 2026-Q1 or 2026.'),
          start: z.string().describe('First day of the period.'),
          end: z.string().describe('Last day of the period.'),
          count: z.int().describe('Statements dated in the period.'),
        }),
      )
      .describe('Every period from the first to the last matching statement (or from/to), zeros included.'),
    series: z
      .array(
        z.object({
          value: z.string(),
          label: z.string(),
          counts: z.array(z.int()).describe('One count per entry of periods, in the same order.'),
        }),
      )
      .describe('With groupBy: one series per theme or partner that has a statement; otherwise empty.'),
  })
  .meta({ id: 'StatsTimeline' });
export type Timeline = z.infer<typeof timelineSchema>;

export const matrixSchema = z
  .object({
    partners: z.array(z.object({ code: z.string(), name: z.string() })).describe('Rows.'),
    themes: z.array(z.object({ id: z.string(), label: z.string() })).describe('Columns.'),
    counts: z
      .array(z.array(z.int()))
      .describe('counts[i][j]: statements concerning partners[i] and tagged themes[j] (as /v1/statements?partner=…&theme=… counts them).'),
  })
  .meta({ id: 'StatsThemesByPartner' });
export type Matrix = z.infer<typeof matrixSchema>;
