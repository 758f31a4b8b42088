import { z } from 'zod';
import { and, gte, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { meetingKindSchema, slugSchema, statementKindSchema } from '../../schemas/common.js';
import { csvParam, fromParam, partnerCodeParam, partnerMatchParam, toParam, updatedSinceParam } from '../../schemas/query.js';
import { representativeCondition } from '../meetings/queries.js';
import { parseSearchQuery, SEARCH_MAX_LENGTH } from '../search/query-parser.js';
import type { FacetName } from '../stats/facet-schemas.js';
import * as t from '../../db/sqlite/schema.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { assertKnown, expandPartners, expandThemes } from '../../db/vocabulary.js';

/**
 * The filters of /v1/statements, each declared once: its query parameter, its condition on statements, the facets
 * it owns and the maintained count tables that can count under it. The list, its totals and facets, the statistics
 * and the export all take their parameters (`statementFilterShape`) and their WHERE clause (`statementWhere`) from
 * here, and the planner (planner.ts) reads `countedBy` to choose where a count comes from: adding a filter is one
 * entry below.
 */

/** The tables, besides the statements, that can count statements (see planner.ts). */
export type CountTable = 'signatureCounts' | 'monthPartnerCounts' | 'monthThemeCounts' | 'searchIndex';

interface FilterContext {
  db: AppDatabase;
  partnerMatch: 'groups' | 'direct';
  /** Whether the search matches so many statements that checking them one by one is sooner (see planner.ts). */
  denseSearch: boolean;
}

interface FilterDefinition<P extends z.ZodType> {
  param: P;
  /**
   * The condition on statements, given the parsed value. None for partnerMatch, which only says how partner matches.
   * A promise where it reads the database (codes checked and expanded through the vocabulary).
   */
  where?: (value: NonNullable<z.output<P>>, context: FilterContext) => SQL | undefined | Promise<SQL | undefined>;
  /** The facets counted without this filter, so that each count is the total that adding its value would give. */
  facets?: readonly FacetName[];
  /** The maintained tables that can count the statements this filter selects; without, only the statements can. */
  countedBy?: readonly CountTable[];
}

const filter = <P extends z.ZodType>(param: P, definition: Omit<FilterDefinition<P>, 'param'> = {}) => ({ param, ...definition });

/** A signature column (" FR JP ") names at least one of these codes. */
export function namesAnyOf(db: AppDatabase, column: SQLiteColumn, codes: string[]): SQL | undefined {
  const engine = engineOf(db);
  return or(...codes.map((code) => engine.contains(column, ` ${code} `)));
}

export const SEARCH_SYNTAX =
  'Full-text search in statement bodies, titles, meeting names and theme labels, in Japanese and English. ' +
  'Text is NFKC-normalised and case-folded on both sides (ＡＩ = AI, Ｇ７ = g7). Terms separated by spaces must all ' +
  'occur (AND); "…" is a phrase (spaces kept); a leading - excludes a term or phrase (-"…"). Every term is an exact ' +
  'substring, of any length: 威圧 and AI are found as surely as 経済的威圧. Everything else is literal text.';


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

/** In the order of the parameters, which is also the order unknown values are reported in. */
export const statementFilterRegistry = {
  q: filter(searchParam.describe(SEARCH_SYNTAX), {
    where: (query, { db, denseSearch }) => engineOf(db).search.condition(query, denseSearch),
    countedBy: ['searchIndex'],
  }),
  // Partners and themes are matched on the statement's own signature columns (kept by triggers from the link
  // tables, see src/db/sqlite/schema.ts), which the covering indexes hold: no link table is joined and no id set built.
  partner: filter(csvParam(partnerCodeParam, 'Partner code(s) the statement concerns (case-insensitive), e.g. FR or EU.', 'FR'), {
    where: async (codes, { db, partnerMatch }) => namesAnyOf(db, t.statements.partnerCodes, await expandPartners(db, 'partner', codes, partnerMatch)),
    facets: ['partner'],
    countedBy: ['signatureCounts', 'monthPartnerCounts'],
  }),
  partnerMatch: filter(partnerMatchParam),
  theme: filter(csvParam(slugSchema, 'Theme slug(s); a theme also matches its child themes.', 'export-controls'), {
    where: async (ids, { db }) => namesAnyOf(db, t.statements.themeIds, await expandThemes(db, 'theme', ids)),
    facets: ['theme'],
    countedBy: ['signatureCounts', 'monthThemeCounts'],
  }),
  kind: filter(csvParam(statementKindSchema, 'Statement kind(s).', 'joint_statement'), {
    where: (kinds) => inArray(t.statements.kind, kinds),
    facets: ['kind'],
  }),
  meetingKind: filter(csvParam(meetingKindSchema, 'Kind(s) of the meeting the statement comes from.', 'ministerial_meeting'), {
    where: (kinds, { db }) => inArray(t.statements.meetingId, db.select({ id: t.meetings.id }).from(t.meetings).where(inArray(t.meetings.kind, kinds))),
    facets: ['meetingKind'],
  }),
  meeting: filter(csvParam(slugSchema, 'Meeting id(s).', 'g7-trade-ministers-meeting-2026'), {
    where: async (ids, { db }) => {
      await assertKnown(db, 'meeting', { table: 'meetings', column: 'id', noun: 'meeting', list: '/v1/meetings' }, ids);
      return inArray(t.statements.meetingId, ids);
    },
  }),
  representative: filter(
    csvParam(z.string().min(1).max(100), "Japan's representative at the meeting, in Japanese or English (赤澤大臣, Minister Akazawa).", '赤澤大臣'),
    {
      where: (names, { db }) =>
        inArray(t.statements.meetingId, db.select({ id: t.meetings.id }).from(t.meetings).where(representativeCondition(names))),
    },
  ),
  from: filter(fromParam, { where: (day) => gte(t.statements.date, day), facets: ['year', 'month'] }),
  to: filter(toParam, { where: (day) => lte(t.statements.date, day), facets: ['year', 'month'] }),
  updatedSince: filter(updatedSinceParam, { where: (instant) => gte(t.statements.updatedAt, instant) }),
};

type Registry = typeof statementFilterRegistry;
export type StatementFilterName = keyof Registry;

/** The filters' query parameters, for every query that takes them (list, statistics, export). */
export const statementFilterShape = Object.fromEntries(Object.entries(statementFilterRegistry).map(([name, { param }]) => [name, param])) as {
  [K in StatementFilterName]: Registry[K]['param'];
};

export type StatementFilters = z.output<z.ZodObject<typeof statementFilterShape>>;

/** Every filter's definition, seen through the common type (the entries' own types differ by their parameter). */
export const statementFilterDefinitions = Object.entries(statementFilterRegistry) as [StatementFilterName, FilterDefinition<z.ZodType>][];
const definitionsByName = new Map<string, FilterDefinition<z.ZodType>>(statementFilterDefinitions);

/** The definition of the filter `name`, or undefined for a parameter that is not a filter. */
export const statementFilter = (name: string): FilterDefinition<z.ZodType> | undefined => definitionsByName.get(name);

/** The WHERE clause for the statement filters; shared by the list, counts, facets, stats and exports. */
export async function statementWhere(db: AppDatabase, filters: StatementFilters, options: { denseSearch?: boolean } = {}): Promise<SQL | undefined> {
  const context: FilterContext = { db, partnerMatch: filters.partnerMatch ?? 'groups', denseSearch: options.denseSearch ?? false };
  // Deleted statements are invisible to every read.
  const conditions: (SQL | undefined)[] = [isNull(t.statements.deletedAt)];
  for (const [name, definition] of statementFilterDefinitions) {
    const value = filters[name];
    if (value !== undefined && definition.where) conditions.push(await definition.where(value, context));
  }
  return and(...conditions);
}

/** The filters present that narrow the selection (partnerMatch alone does not: it has no condition of its own). */
export function narrowingFilters(filters: StatementFilters): StatementFilterName[] {
  return statementFilterDefinitions.flatMap(([name, definition]) => (definition.where && filters[name] !== undefined ? [name] : []));
}

/** Whether the filters select anything narrower than every live statement (planner.ts says what follows from it). */
export function hasFilters(filters: StatementFilters): boolean {
  return narrowingFilters(filters).length > 0;
}
