import { count, desc, isNull, sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../schemas/query.js';
import type { FacetName, Facets } from '../schemas/facets.js';
import type { Matrix, Overview, Timeline } from '../schemas/stats.js';
import type { AppDatabase } from './client.js';
import { datasetLastModified } from './dataset-repository.js';
import { kindLabel, pick } from './localize.js';
import * as t from './schema.js';
import { statementWhere, type StatementFilters } from './statement-filters.js';

/**
 * Counting statements: facets, the overview, the timeline and the theme × partner matrix. Every count uses
 * the same matching as the filters, so that a count always equals the `total` of the corresponding
 * /v1/statements query (a partner reaches its groups' statements unless partnerMatch=direct; a theme
 * reaches its children's).
 */

type PartnerMatch = 'groups' | 'direct';

/** (value, statement_id) for every partner code and each statement `partner=value` matches. */
function partnerReach(match: PartnerMatch): SQL {
  return match === 'direct'
    ? sql`SELECT partner_code AS value, statement_id FROM statement_partners`
    : sql`WITH RECURSIVE up(code, grp) AS (
            SELECT code, code FROM partners
            UNION SELECT up.code, m.group_code FROM partner_memberships m JOIN up ON m.member_code = up.grp)
          SELECT DISTINCT up.code AS value, sp.statement_id FROM up JOIN statement_partners sp ON sp.partner_code = up.grp`;
}

/** (value, statement_id) for every theme id and each statement `theme=value` matches. */
const themeReach = sql`WITH RECURSIVE down(root, id) AS (
    SELECT id, id FROM themes
    UNION SELECT down.root, th.id FROM themes th JOIN down ON th.parent_id = down.id)
  SELECT DISTINCT down.root AS value, st.statement_id FROM down JOIN statement_themes st ON st.theme_id = down.id`;

function filteredIds(where: SQL | undefined): SQL {
  return sql`SELECT ${t.statements.id} FROM ${t.statements} ${where ? sql`WHERE ${where}` : sql``}`;
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
        rows = db.all(sql`SELECT r.value AS value, count(*) AS count FROM (${partnerReach(filters.partnerMatch ?? 'groups')}) r
                           WHERE r.statement_id IN (${filteredIds(where)}) GROUP BY r.value`);
        break;
      case 'theme':
        rows = db.all(sql`SELECT r.value AS value, count(*) AS count FROM (${themeReach}) r
                           WHERE r.statement_id IN (${filteredIds(where)}) GROUP BY r.value`);
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

export function statsOverview(db: AppDatabase, filters: StatementFilters): Overview {
  const ids = filteredIds(statementWhere(db, filters));
  const row = db.get<{ total: number; first: string | null; last: string | null; meetings: number }>(
    sql`SELECT count(*) AS total, min(date) AS first, max(date) AS last, count(DISTINCT meeting_id) AS meetings
          FROM statements WHERE id IN (${ids})`,
  );
  const distinct = (table: string, column: string) =>
    db.get<{ n: number }>(sql`SELECT count(DISTINCT ${sql.raw(column)}) AS n FROM ${sql.raw(table)} WHERE statement_id IN (${ids})`)?.n ?? 0;
  const total = (table: string, softDeleted = true) =>
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)} ${softDeleted ? sql`WHERE deleted_at IS NULL` : sql``}`)?.n ?? 0;
  const seedVersion = db.select({ version: t.seedRuns.version }).from(t.seedRuns).orderBy(desc(t.seedRuns.appliedAt)).limit(1).get()?.version ?? null;
  const lastUpdated = datasetLastModified(db);
  return {
    statements: {
      total: row?.total ?? 0,
      firstDate: row?.first ?? null,
      lastDate: row?.last ?? null,
      meetings: row?.meetings ?? 0,
      partners: distinct('statement_partners', 'partner_code'),
      themes: distinct('statement_themes', 'theme_id'),
      highlights: db.get<{ n: number }>(sql`SELECT count(*) AS n FROM statement_highlights WHERE statement_id IN (${ids})`)?.n ?? 0,
    },
    totals: {
      statements: total('statements'),
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

export function statsTimeline(
  db: AppDatabase,
  filters: StatementFilters,
  interval: Interval,
  groupBy: 'theme' | 'partner' | null,
  lang: Lang,
): Timeline {
  const ids = filteredIds(statementWhere(db, filters));
  const monthly = db.all<{ month: string; count: number }>(
    sql`SELECT substr(date, 1, 7) AS month, count(*) AS count FROM statements WHERE id IN (${ids}) GROUP BY 1 ORDER BY 1`,
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
    const reach = groupBy === 'partner' ? partnerReach(filters.partnerMatch ?? 'groups') : themeReach;
    const rows = db.all<{ value: string; month: string; count: number }>(
      sql`SELECT r.value AS value, substr(s.date, 1, 7) AS month, count(*) AS count
            FROM (${reach}) r JOIN statements s ON s.id = r.statement_id
           WHERE r.statement_id IN (${ids}) GROUP BY 1, 2`,
    );
    const labels = labelMaps(db, lang);
    const byValue = new Map<string, number[]>();
    for (const row of rows) {
      const i = index.get(periodOf(row.month, interval));
      if (i === undefined) continue;
      const values = byValue.get(row.value) ?? periods.map(() => 0);
      values[i] = (values[i] ?? 0) + row.count;
      byValue.set(row.value, values);
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
  const ids = filteredIds(statementWhere(db, filters));
  const cells = db.all<{ partner: string; theme: string; count: number }>(
    sql`SELECT p.value AS partner, th.value AS theme, count(*) AS count
          FROM (${partnerReach(filters.partnerMatch ?? 'groups')}) p
          JOIN (${themeReach}) th ON th.statement_id = p.statement_id
         WHERE p.statement_id IN (${ids})
         GROUP BY 1, 2`,
  );
  const partners = db.select().from(t.partners).where(isNull(t.partners.deletedAt)).orderBy(t.partners.code).all();
  const themes = db.select().from(t.themes).where(isNull(t.themes.deletedAt)).orderBy(desc(t.themes.kind), t.themes.id).all();
  const cell = new Map(cells.map((c) => [`${c.partner}\u0000${c.theme}`, c.count]));
  return {
    partners: partners.map((p) => ({ code: p.code, name: pick(lang, p.nameJa, p.nameEn) })),
    themes: themes.map((th) => ({ id: th.id, label: pick(lang, th.labelJa, th.labelEn) })),
    counts: partners.map((p) => themes.map((th) => cell.get(`${p.code}\u0000${th.id}`) ?? 0)),
  };
}
