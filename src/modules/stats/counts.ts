import { and, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { closureOfEvery } from '../../db/closure.js';
import * as t from '../../db/sqlite/schema.js';
import { namesAnyOf, statementWhere, type StatementFilters } from '../statements/filters.js';
import { countedBy } from '../statements/planner.js';
import { expandPartners, expandThemes } from '../../db/vocabulary.js';

/**
 * Counting statements, for facets, the overview, the timeline and the theme × partner matrix (one file per job
 * beside this one). Every count uses the same matching as the filters, so that a count always equals the `total` of
 * the corresponding /v1/statements query (a partner reaches its groups' statements unless partnerMatch=direct; a
 * theme reaches its children's); what to count from is the planner's choice (src/modules/statements/planner.ts).
 *
 * Counting by partner and theme without expanding every (statement, value) pair: at 100 000 statements that is
 * about a million pairs to make DISTINCT, which took seconds. Instead statements are counted per signature (their
 * sorted direct codes, " FR JP ", a column the triggers of migrations/0005 keep; a few hundred distinct ones),
 * read from covering indexes or from the maintained count tables, and each signature is expanded here to the values
 * it reaches: a partner reaches the groups it belongs to (partner=EU matches France's statements unless
 * partnerMatch=direct), a theme its ancestors.
 */

export type Link = 'partner' | 'theme';
type PartnerMatch = 'groups' | 'direct';

export const signatureColumn = (link: Link) => (link === 'partner' ? t.statements.partnerCodes : t.statements.themeIds);

/**
 * For every partner code, the values of `partner=` that match a statement naming it: itself and every partner below
 * it (a statement naming G counts for every X whose groups include G). With direct matching, itself alone, which
 * an empty map says (see valuesOf).
 */
export async function partnerValuesReached(db: AppDatabase, match: PartnerMatch): Promise<Map<string, string[]>> {
  return match === 'direct' ? new Map() : await closureOfEvery(db, 'partners', 'down');
}

/** For every theme id, the values of `theme=` that match a statement tagged with it: itself and its ancestors. */
export async function themeValuesReached(db: AppDatabase): Promise<Map<string, string[]>> {
  return await closureOfEvery(db, 'themes', 'up');
}

/** The values a signature reaches, each once. */
export function valuesOf(signature: string, reached: Map<string, string[]>): Set<string> {
  const values = new Set<string>();
  for (const code of signature.split(' ')) {
    if (code) for (const value of reached.get(code) ?? [code]) values.add(value);
  }
  return values;
}

export function whereClause(where: SQL | undefined): SQL {
  return where ? sql`WHERE ${where}` : sql``;
}

/**
 * The rows of a count table whose signatures name what the filters ask for: `partner=` (with the groups it reaches)
 * on its partner signature column, `theme=` (with its descendants) on its theme signature column, and only live rows.
 * A filter on a link the table has no column for must be ruled out by the caller (the planner's countedBy).
 */
export async function countRowsNaming(
  db: AppDatabase,
  filters: StatementFilters,
  columns: { live: SQLiteColumn; partner?: SQLiteColumn; theme?: SQLiteColumn },
): Promise<SQL | undefined> {
  return and(
    sql`${columns.live} > 0`,
    filters.partner && columns.partner ? namesAnyOf(db, columns.partner, await expandPartners(db, 'partner', filters.partner, filters.partnerMatch ?? 'groups')) : undefined,
    filters.theme && columns.theme ? namesAnyOf(db, columns.theme, await expandThemes(db, 'theme', filters.theme)) : undefined,
  );
}

/** The rows of statement_signature_counts whose statements these filters (partners and themes only) select. */
async function selectedPairs(db: AppDatabase, filters: StatementFilters): Promise<SQL | undefined> {
  const counts = t.statementSignatureCounts;
  return await countRowsNaming(db, filters, { live: counts.live, partner: counts.partnerCodes, theme: counts.themeIds });
}

/** The number of statements `filters` select, summed from the signature counts: for filters they count (see planner.ts). */
export async function signatureTotal(db: AppDatabase, filters: StatementFilters): Promise<number> {
  const counts = t.statementSignatureCounts;
  return (await engineOf(db).row<{ n: number }>(sql`SELECT coalesce(sum(${counts.live}), 0) AS n FROM ${counts} WHERE ${await selectedPairs(db, filters)}`))?.n ?? 0;
}

/** Statements per partner or theme value, for the statements the filters select. */
export async function countByValue(
  db: AppDatabase,
  link: Link,
  reached: Map<string, string[]>,
  filters: StatementFilters,
): Promise<{ value: string; count: number }[]> {
  const counts = t.statementSignatureCounts;
  const perSignature = countedBy('signatureCounts', filters)
    ? sql`SELECT ${link === 'partner' ? counts.partnerCodes : counts.themeIds} AS signature, sum(${counts.live}) AS n
            FROM ${counts} WHERE ${await selectedPairs(db, filters)} GROUP BY 1`
    : sql`SELECT ${signatureColumn(link)} AS signature, count(*) AS n FROM ${t.statements} ${whereClause(await statementWhere(db, filters))} GROUP BY 1`;
  const totals = new Map<string, number>();
  for (const { signature, n } of await engineOf(db).rows<{ signature: string; n: number }>(perSignature)) {
    for (const value of valuesOf(signature, reached)) totals.set(value, (totals.get(value) ?? 0) + n);
  }
  return [...totals].map(([value, count]) => ({ value, count }));
}

/** How many distinct codes the selected statements name directly. */
export async function distinctNamed(db: AppDatabase, link: Link, filters: StatementFilters, where: SQL | undefined): Promise<number> {
  const counts = t.statementSignatureCounts;
  const signatures = countedBy('signatureCounts', filters)
    ? sql`SELECT DISTINCT ${link === 'partner' ? counts.partnerCodes : counts.themeIds} AS signature FROM ${counts} WHERE ${await selectedPairs(db, filters)}`
    : sql`SELECT DISTINCT ${signatureColumn(link)} AS signature FROM ${t.statements} ${whereClause(where)}`;
  const named = new Set<string>();
  for (const { signature } of await engineOf(db).rows<{ signature: string }>(signatures)) {
    for (const code of signature.split(' ')) if (code) named.add(code);
  }
  return named.size;
}

/**
 * For each of `codes`: how many statements `partner=CODE` matches (with the groups it belongs to) and how many name
 * it directly; the numbers /v1/partners shows. (An empty reach map counts each code for itself alone.)
 */
export async function partnerStatementCounts(db: AppDatabase, codes: string[]): Promise<Map<string, { total: number; direct: number }>> {
  return countsFor(codes, await countByValue(db, 'partner', await partnerValuesReached(db, 'groups'), {}), await countByValue(db, 'partner', new Map(), {}));
}

/** For each of `ids`: how many statements `theme=ID` matches (with its descendants) and how many are tagged with it. */
export async function themeStatementCounts(db: AppDatabase, ids: string[]): Promise<Map<string, { total: number; direct: number }>> {
  return countsFor(ids, await countByValue(db, 'theme', await themeValuesReached(db), {}), await countByValue(db, 'theme', new Map(), {}));
}

function countsFor(keys: string[], total: { value: string; count: number }[], direct: { value: string; count: number }[]) {
  const totals = new Map(total.map((row) => [row.value, row.count]));
  const directs = new Map(direct.map((row) => [row.value, row.count]));
  return new Map(keys.map((key) => [key, { total: totals.get(key) ?? 0, direct: directs.get(key) ?? 0 }]));
}
