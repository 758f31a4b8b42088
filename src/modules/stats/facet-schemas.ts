import { z } from 'zod';
import { csvParam } from '../../schemas/query.js';

/** Facets of /v1/statements: counts per value for the current query. */
export const facetNames = ['partner', 'theme', 'kind', 'meetingKind', 'year', 'month'] as const;
export type FacetName = (typeof facetNames)[number];

export const facetsParam = csvParam(
  z.enum(facetNames),
  'Count statements per value of these fields for the current query (partner, theme, kind, meetingKind, year, month). ' +
    'Each facet is counted with every filter except its own (year and month ignore from/to), so each count is the ' +
    'total that adding that value as a filter would give.',
  'partner,theme',
);

export const facetValueSchema = z
  .object({
    value: z.string().describe('The value to filter by (partner code, theme id, kind, YYYY or YYYY-MM).'),
    label: z.string().describe('Its label in the answer language.'),
    count: z.int().min(0),
  })
  .meta({ id: 'FacetValue' });

const facetValuesSchema = z.array(facetValueSchema);

/** An object with the facets asked for, each optional: clients see the six names, not any string. */
export const facetsSchema = z
  .object(Object.fromEntries(facetNames.map((name) => [name, facetValuesSchema.optional()])) as Record<FacetName, z.ZodOptional<typeof facetValuesSchema>>)
  .describe('Per requested facet, its values by descending count.')
  .meta({ id: 'Facets' });

export type Facets = z.infer<typeof facetsSchema>;
