import { and, count, desc, isNull, sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import type { FacetName, Facets } from './facet-schemas.js';
import type { Matrix, Overview, Timeline } from './schemas.js';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { datasetLastModified } from '../../db/data-version.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { hasFilters, namesAnyOf, statementWhere, type StatementFilters } from '../statements/filters.js';
import { expandPartners, expandThemes } from '../../db/vocabulary.js';

/**
 * Counting statements: facets, the overview, the timeline and the theme × partner matrix. Every count uses
 * the same matching as the filters, so that a count always equals the `total` of the corresponding
 * /v1/statements query (a partner reaches its groups' statements unless partnerMatch=direct; a theme
 * reaches its children's).
 */

type PartnerMatch = 'groups' | 'direct';

/**
 * Counting by partner and theme without expanding every (statement, value) pair: at 100 000 statements that is
 * about a million pairs to make DISTINCT, which took seconds. Instead statements are counted per signature (their
 * sorted direct codes, " FR JP ", a column the triggers of migrations/0005 keep; a few hundred distinct ones),
 * read from covering indexes, and each signature is expanded here to the values it reaches: a partner reaches
 * the groups it belongs to (partner=EU matches France's statements unless partnerMatch=direct), a theme its
 * ancestors.
 */

/** For every partner code, the values of `partner=` that match a statement naming it. */
function partnerValuesReached(db: AppDatabase, match: PartnerMatch): Map<string, string[]> {
  const codes = db.all<{ code: string }>(sql`SELECT code FROM partners`).map((row) => row.code);
  const reached = new Map(codes.map((code) => [code, [code]]));
  if (match === 'direct') return reached;
  const groupsOf = new Map<string, string[]>();
  for (const { member, group } of db.all<{ member: string; group: string }>(sql`SELECT member_code AS member, group_code AS "group" FROM partner_memberships`)) {
    groupsOf.set(member, [...(groupsOf.get(member) ?? []), group]);
  }
  // partner=X matches statements naming X or any group X belongs to, transitively: so a statement naming G counts
  // for every X whose groups include G.
  for (const code of codes) {
    const seen = new Set([code]);
    const queue = [code];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const group of groupsOf.get(next) ?? []) {
        if (seen.has(group)) continue;
        seen.add(group);
        queue.push(group);
        reached.set(group, [...(reached.get(group) ?? [group]), code]);
      }
    }
  }
  return reached;
}

/** For every theme id, the values of `theme=` that match a statement tagged with it: itself and its ancestors. */
function themeValuesReached(db: AppDatabase): Map<string, string[]> {
  const parents = new Map(db.all<{ id: string; parent: string | null }>(sql`SELECT id, parent_id AS parent FROM themes`).map((row) => [row.id, row.parent]));
  const reached = new Map<string, string[]>();
  for (const id of parents.keys()) {
    const chain = [id];
    for (let parent = parents.get(id); parent && !chain.includes(parent); parent = parents.get(parent)) chain.push(parent);
    reached.set(id, chain);
  }
  return reached;
}

type Link = 'partner' | 'theme';

const signatureColumn = (link: Link) => (link === 'partner' ? t.statements.partnerCodes : t.statements.themeIds);

/** The values a signature reaches, each once. */
function valuesOf(signature: string, reached: Map<string, string[]>): Set<string> {
  const values = new Set<string>();
  for (const code of signature.split(' ')) {
    if (code) for (const value of reached.get(code) ?? [code]) values.add(value);
  }
  return values;
}

function whereClause(where: SQL | undefined): SQL {
  return where ? sql`WHERE ${where}` : sql``;
}

/**
 * Filters that only name partners and themes can be answered from statement_signature_counts (live statements per
 * pair of signatures, kept by triggers): a few thousand rows to sum instead of every statement to scan.
 */
function onlyPartnersAndThemes(filters: StatementFilters): boolean {
  return Object.entries(filters).every(([name, value]) => value === undefined || name === 'partner' || name === 'theme' || name === 'partnerMatch');
}

/**
 * The rows of a count table whose signatures name what the filters ask for: `partner=` (with the groups it reaches)
 * on its partner signature column, `theme=` (with its descendants) on its theme signature column, and only live rows.
 * A filter on a link the table has no column for must be ruled out by the caller.
 */
function countRowsNaming(
  db: AppDatabase,
  filters: StatementFilters,
  columns: { live: SQLiteColumn; partner?: SQLiteColumn; theme?: SQLiteColumn },
): SQL | undefined {
  return and(
    sql`${columns.live} > 0`,
    filters.partner && columns.partner ? namesAnyOf(columns.partner, expandPartners(db, 'partner', filters.partner, filters.partnerMatch ?? 'groups')) : undefined,
    filters.theme && columns.theme ? namesAnyOf(columns.theme, expandThemes(db, 'theme', filters.theme)) : undefined,
  );
}

/** The rows of statement_signature_counts whose statements these filters (partners and themes only) select. */
function selectedPairs(db: AppDatabase, filters: StatementFilters): SQL | undefined {
  const counts = t.statementSignatureCounts;
  return countRowsNaming(db, filters, { live: counts.live, partner: counts.partnerCodes, theme: counts.themeIds });
}

/** The number of statements `filters` select, when it can be summed from the signature counts; else undefined. */
export function signatureTotal(db: AppDatabase, filters: StatementFilters): number | undefined {
  if (!onlyPartnersAndThemes(filters)) return undefined;
  const counts = t.statementSignatureCounts;
  return db.get<{ n: number }>(sql`SELECT coalesce(sum(${counts.live}), 0) AS n FROM ${counts} WHERE ${selectedPairs(db, filters)}`)?.n ?? 0;
}

/** Statements per partner or theme value, for the statements the filters select. */
function countByValue(db: AppDatabase, link: Link, reached: Map<string, string[]>, filters: StatementFilters): { value: string; count: number }[] {
  const counts = t.statementSignatureCounts;
  const perSignature = onlyPartnersAndThemes(filters)
    ? sql`SELECT ${link === 'partner' ? counts.partnerCodes : counts.themeIds} AS signature, sum(${counts.live}) AS n
            FROM ${counts} WHERE ${selectedPairs(db, filters)} GROUP BY 1`
    : sql`SELECT ${signatureColumn(link)} AS signature, count(*) AS n FROM ${t.statements} ${whereClause(statementWhere(db, filters))} GROUP BY 1`;
  const totals = new Map<string, number>();
  for (const { signature, n } of db.all<{ signature: string; n: number }>(perSignature)) {
    for (const value of valuesOf(signature, reached)) totals.set(value, (totals.get(value) ?? 0) + n);
  }
  return [...totals].map(([value, count]) => ({ value, count }));
}

/**
 * For each of `codes`: how many statements `partner=CODE` matches (with the groups it belongs to) and how many name
 * it directly; the numbers /v1/partners shows. (An empty reach map counts each code for itself alone.)
 */
export function partnerStatementCounts(db: AppDatabase, codes: string[]): Map<string, { total: number; direct: number }> {
  return countsFor(codes, countByValue(db, 'partner', partnerValuesReached(db, 'groups'), {}), countByValue(db, 'partner', new Map(), {}));
}

/** For each of `ids`: how many statements `theme=ID` matches (with its descendants) and how many are tagged with it. */
export function themeStatementCounts(db: AppDatabase, ids: string[]): Map<string, { total: number; direct: number }> {
  return countsFor(ids, countByValue(db, 'theme', themeValuesReached(db), {}), countByValue(db, 'theme', new Map(), {}));
}

function countsFor(keys: string[], total: { value: string; count: number }[], direct: { value: string; count: number }[]) {
  const totals = new Map(total.map((row) => [row.value, row.count]));
  const directs = new Map(direct.map((row) => [row.value, row.count]));
  return new Map(keys.map((key) => [key, { total: totals.get(key) ?? 0, direct: directs.get(key) ?? 0 }]));
}

/** How many distinct codes the selected statements name directly. */
function distinctNamed(db: AppDatabase, link: Link, filters: StatementFilters, where: SQL | undefined): number {
  const counts = t.statementSignatureCounts;
  const signatures = onlyPartnersAndThemes(filters)
    ? sql`SELECT DISTINCT ${link === 'partner' ? counts.partnerCodes : counts.themeIds} AS signature FROM ${counts} WHERE ${selectedPairs(db, filters)}`
    : sql`SELECT DISTINCT ${signatureColumn(link)} AS signature FROM ${t.statements} ${whereClause(where)}`;
  const named = new Set<string>();
  for (const { signature } of db.all<{ signature: string }>(signatures)) {
    for (const code of signature.split(' ')) if (code) named.add(code);
  }
  return named.size;
}

function labelMaps(db: AppDatabase, lang: Lang) {
  const partners = new Map(db.select().from(t.partners).where(isNull(t.partners.deletedAt)).all().map((p) => [p.code, pick(lang, p.nameJa, p.nameEn)]));
  const themes = new Map(db.select().from(t.themes).where(isNull(t.themes.deletedAt)).all().map((th) => [th.id, pick(lang, th.labelJa, th.labelEn)]));
  return { partners, themes };
}

/** Each facet's own filter: left out when that facet is counted. */
const ownFilters: Record<FacetName, (keyof StatementFilters)[]> = {
  partner: ['partner'],
  theme: ['theme'],
  kind: ['kind'],
  meetingKind: ['meetingKind'],
  year: ['from', 'to'],
  month: ['from', 'to'],
};

export function statementFacets(db: AppDatabase, filters: StatementFilters, names: FacetName[], lang: Lang): Facets {
  const labels = labelMaps(db, lang);
  const facets: Facets = {};
  for (const name of names) {
    const others = Object.fromEntries(Object.entries(filters).filter(([key]) => !ownFilters[name].includes(key as keyof StatementFilters)));
    const where = statementWhere(db, others as StatementFilters);
    let rows: { value: string; count: number }[];
    switch (name) {
      case 'partner':
        rows = countByValue(db, 'partner', partnerValuesReached(db, filters.partnerMatch ?? 'groups'), others as StatementFilters);
        break;
      case 'theme':
        rows = countByValue(db, 'theme', themeValuesReached(db), others as StatementFilters);
        break;
      case 'kind':
        rows = db.select({ value: t.statements.kind, count: count() }).from(t.statements).where(where).groupBy(t.statements.kind).all();
        break;
      case 'meetingKind':
        rows = db.all(sql`SELECT meetings.kind AS value, count(*) AS count FROM ${t.statements}
                           JOIN meetings ON meetings.id = ${t.statements.meetingId} ${where ? sql`WHERE ${where}` : sql``}
                           GROUP BY meetings.kind`);
        break;
      case 'year':
      case 'month': {
        const length = name === 'year' ? 4 : 7;
        rows = db.all(sql`SELECT substr(${t.statements.date}, 1, ${length}) AS value, count(*) AS count FROM ${t.statements}
                           ${where ? sql`WHERE ${where}` : sql``} GROUP BY 1`);
        break;
      }
    }
    const label = (value: string): string => {
      if (name === 'partner') return labels.partners.get(value) ?? value;
      if (name === 'theme') return labels.themes.get(value) ?? value;
      if (name === 'kind') return kindLabel('statement', value as 'joint_statement', lang);
      if (name === 'meetingKind') return kindLabel('meeting', value as 'summit', lang);
      return value;
    };
    facets[name] = rows
      .map((row) => ({ value: row.value, label: label(row.value), count: row.count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return facets;
}

/**
 * Totals, date range and meetings of the selected statements. Without filters they come from the maintained counts
 * and two index look-ups (min and max date); with filters, from one pass over a covering index.
 */
function overviewCounts(db: AppDatabase, filters: StatementFilters, where: SQL | undefined, liveStatements: number) {
  if (!hasFilters(filters)) {
    const live = sql`FROM ${t.statements} WHERE ${t.statements.deletedAt} IS NULL`;
    return {
      total: liveStatements,
      first: db.get<{ d: string | null }>(sql`SELECT min(${t.statements.date}) AS d ${live}`)?.d ?? null,
      last: db.get<{ d: string | null }>(sql`SELECT max(${t.statements.date}) AS d ${live}`)?.d ?? null,
      meetings: db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${t.statementMeetingCounts} WHERE ${t.statementMeetingCounts.live} > 0`)?.n ?? 0,
      // Every highlight less those of the (few) deleted statements: no live id is materialised.
      highlights:
        db.get<{ n: number }>(
          sql`SELECT (SELECT count(*) FROM statement_highlights)
                   - (SELECT count(*) FROM statement_highlights WHERE statement_id IN (SELECT id FROM statements WHERE deleted_at IS NOT NULL)) AS n`,
        )?.n ?? 0,
    };
  }
  // Read from the covering index statements_live_date_idx, never from the rows.
  const row = db.get<{ total: number; first: string | null; last: string | null; meetings: number }>(
    sql`SELECT count(*) AS total, min(${t.statements.date}) AS first, max(${t.statements.date}) AS last,
               count(DISTINCT ${t.statements.meetingId}) AS meetings
          FROM ${t.statements} ${whereClause(where)}`,
  );
  const highlights = db.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM statement_highlights WHERE statement_id IN (SELECT ${t.statements.id} FROM ${t.statements} ${whereClause(where)})`,
  )?.n;
  return { total: row?.total ?? 0, first: row?.first ?? null, last: row?.last ?? null, meetings: row?.meetings ?? 0, highlights: highlights ?? 0 };
}

export function statsOverview(db: AppDatabase, filters: StatementFilters): Overview {
  const where = statementWhere(db, filters);
  const liveStatements = signatureTotal(db, {}) ?? 0;
  const selected = overviewCounts(db, filters, where, liveStatements);
  const total = (table: string, softDeleted = true) =>
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)} ${softDeleted ? sql`WHERE deleted_at IS NULL` : sql``}`)?.n ?? 0;
  const seedVersion = db.select({ version: t.seedRuns.version }).from(t.seedRuns).orderBy(desc(t.seedRuns.appliedAt)).limit(1).get()?.version ?? null;
  const lastUpdated = datasetLastModified(db);
  return {
    statements: {
      total: selected.total,
      firstDate: selected.first,
      lastDate: selected.last,
      meetings: selected.meetings,
      partners: distinctNamed(db, 'partner', filters, where),
      themes: distinctNamed(db, 'theme', filters, where),
      highlights: selected.highlights,
    },
    totals: {
      statements: liveStatements,
      meetings: total('meetings'),
      partners: total('partners'),
      themes: total('themes'),
      briefings: total('briefings', false),
    },
    lastUpdated,
    seedVersion,
    datasetVersion: `${seedVersion ?? 'unseeded'}@${lastUpdated ?? 'empty'}`,
  };
}

type Interval = Timeline['interval'];

function periodOf(month: string, interval: Interval): string {
  const [year, m] = month.split('-');
  if (interval === 'year') return year ?? month;
  if (interval === 'quarter') return `${year}-Q${Math.ceil(Number(m) / 3)}`;
  return month;
}

function periodBounds(period: string, interval: Interval): { start: string; end: string } {
  const year = Number(period.slice(0, 4));
  const [firstMonth, lastMonth] =
    interval === 'year' ? [1, 12] : interval === 'quarter' ? [Number(period.slice(6)) * 3 - 2, Number(period.slice(6)) * 3] : [Number(period.slice(5)), Number(period.slice(5))];
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${year}-${pad(firstMonth)}-01`, end: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** Every month from `first` to `last` (YYYY-MM), both included. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/**
 * The maintained month counts of `link` (statement_month_partner_counts, statement_month_theme_counts: 672 and
 * 21 938 rows at 100 000 statements, instead of every statement), when they can count the statements these filters
 * select: filters on that link only, or none. Anything else (dates, q, kinds, both links) is counted from the statements.
 */
function monthCounts(db: AppDatabase, filters: StatementFilters, link: Link): { table: SQL; signature: SQL; where: SQL } | null {
  if (!onlyPartnersAndThemes(filters) || (link === 'partner' ? filters.theme : filters.partner)) return null;
  const counts = link === 'partner' ? t.statementMonthPartnerCounts : t.statementMonthThemeCounts;
  const signature = 'partnerCodes' in counts ? counts.partnerCodes : counts.themeIds;
  return { table: sql`${counts}`, signature: sql`${signature}`, where: countRowsNaming(db, filters, { live: counts.live, [link]: signature }) ?? sql`1` };
}

export function statsTimeline(
  db: AppDatabase,
  filters: StatementFilters,
  interval: Interval,
  groupBy: 'theme' | 'partner' | null,
  lang: Lang,
): Timeline {
  const where = statementWhere(db, filters);
  const counted = monthCounts(db, filters, filters.theme ? 'theme' : 'partner');
  const monthly = counted
    ? db.all<{ month: string; count: number }>(sql`SELECT month, sum(live) AS count FROM ${counted.table} WHERE ${counted.where} GROUP BY 1 ORDER BY 1`)
    : db.all<{ month: string; count: number }>(
        sql`SELECT substr(${t.statements.date}, 1, 7) AS month, count(*) AS count FROM ${t.statements} ${whereClause(where)} GROUP BY 1 ORDER BY 1`,
      );
  const first = filters.from?.slice(0, 7) ?? monthly[0]?.month;
  const last = filters.to?.slice(0, 7) ?? monthly.at(-1)?.month;
  const months = first && last ? monthsBetween(first, last) : [];
  const periods = [...new Set(months.map((month) => periodOf(month, interval)))];
  const index = new Map(periods.map((period, i) => [period, i]));
  const counts = periods.map(() => 0);
  for (const row of monthly) {
    const i = index.get(periodOf(row.month, interval));
    if (i !== undefined) counts[i] = (counts[i] ?? 0) + row.count;
  }

  const series: Timeline['series'] = [];
  if (groupBy) {
    const reached = groupBy === 'partner' ? partnerValuesReached(db, filters.partnerMatch ?? 'groups') : themeValuesReached(db);
    const grouped = monthCounts(db, filters, groupBy);
    const rows = grouped
      ? db.all<{ sig: string; month: string; count: number }>(
          sql`SELECT ${grouped.signature} AS sig, month, sum(live) AS count FROM ${grouped.table} WHERE ${grouped.where} GROUP BY 1, 2`,
        )
      : db.all<{ sig: string; month: string; count: number }>(
          sql`SELECT ${signatureColumn(groupBy)} AS sig, substr(${t.statements.date}, 1, 7) AS month, count(*) AS count
                FROM ${t.statements} ${whereClause(where)} GROUP BY 1, 2`,
        );
    const labels = labelMaps(db, lang);
    const byValue = new Map<string, number[]>();
    for (const row of rows) {
      const i = index.get(periodOf(row.month, interval));
      if (i === undefined) continue;
      for (const value of valuesOf(row.sig, reached)) {
        const values = byValue.get(value) ?? periods.map(() => 0);
        values[i] = (values[i] ?? 0) + row.count;
        byValue.set(value, values);
      }
    }
    for (const [value, valueCounts] of [...byValue.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const label = (groupBy === 'partner' ? labels.partners : labels.themes).get(value) ?? value;
      series.push({ value, label, counts: valueCounts });
    }
  }
  return {
    interval,
    groupBy,
    periods: periods.map((period, i) => ({ period, ...periodBounds(period, interval), count: counts[i] ?? 0 })),
    series,
  };
}

export function themesByPartner(db: AppDatabase, filters: StatementFilters, lang: Lang): Matrix {
  const where = statementWhere(db, filters);
  const partnerReached = partnerValuesReached(db, filters.partnerMatch ?? 'groups');
  const themeReached = themeValuesReached(db);
  const cell = new Map<string, number>();
  const pairs = db.all<{ partners: string; themes: string; n: number }>(
    sql`SELECT ${t.statements.partnerCodes} AS partners, ${t.statements.themeIds} AS themes, count(*) AS n
          FROM ${t.statements} ${whereClause(where)} GROUP BY 1, 2`,
  );
  for (const { partners: partnerSig, themes: themeSig, n } of pairs) {
    const themeValues = valuesOf(themeSig, themeReached);
    for (const partner of valuesOf(partnerSig, partnerReached)) {
      for (const theme of themeValues) cell.set(`${partner}\u0000${theme}`, (cell.get(`${partner}\u0000${theme}`) ?? 0) + n);
    }
  }
  const partners = db.select().from(t.partners).where(isNull(t.partners.deletedAt)).orderBy(t.partners.code).all();
  const themes = db.select().from(t.themes).where(isNull(t.themes.deletedAt)).orderBy(desc(t.themes.kind), t.themes.id).all();
  return {
    partners: partners.map((p) => ({ code: p.code, name: pick(lang, p.nameJa, p.nameEn) })),
    themes: themes.map((th) => ({ id: th.id, label: pick(lang, th.labelJa, th.labelEn) })),
    counts: partners.map((p) => themes.map((th) => cell.get(`${p.code}\u0000${th.id}`) ?? 0)),
  };
}
