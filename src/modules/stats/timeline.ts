import { sql, type SQL } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import type { Timeline } from './schemas.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import * as t from '../../db/sqlite/schema.js';
import { statementWhere, type StatementFilters } from '../statements/filters.js';
import { monthCountTable } from '../statements/planner.js';
import { countRowsNaming, partnerValuesReached, signatureColumn, themeValuesReached, valuesOf, whereClause, type Link } from './counts.js';
import { labelMaps } from './facets.js';

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
 * 21 938 rows at 100 000 statements, instead of every statement), when the planner says they can count the
 * statements these filters select: filters on that link only, or none. Anything else (dates, q, kinds, both links)
 * is counted from the statements.
 */
async function monthCounts(db: AppDatabase, filters: StatementFilters, link: Link): Promise<{ table: SQL; signature: SQL; where: SQL } | null> {
  if (!monthCountTable(filters, link)) return null;
  const counts = link === 'partner' ? t.statementMonthPartnerCounts : t.statementMonthThemeCounts;
  const signature = 'partnerCodes' in counts ? counts.partnerCodes : counts.themeIds;
  return { table: sql`${counts}`, signature: sql`${signature}`, where: (await countRowsNaming(db, filters, { live: counts.live, [link]: signature })) ?? sql`true` };
}

/** Per value of `groupBy` (with the values each signature reaches), its count in every period. */
async function seriesOf(
  db: AppDatabase,
  filters: StatementFilters,
  where: SQL | undefined,
  groupBy: Link,
  interval: Interval,
  periods: string[],
  lang: Lang,
): Promise<Timeline['series']> {
  const index = new Map(periods.map((period, i) => [period, i]));
  const reached = groupBy === 'partner' ? await partnerValuesReached(db, filters.partnerMatch ?? 'groups') : await themeValuesReached(db);
  const grouped = await monthCounts(db, filters, groupBy);
  const engine = engineOf(db);
  const rows = grouped
    ? await engine.rows<{ sig: string; month: string; count: number }>(
        sql`SELECT ${grouped.signature} AS sig, month, sum(live) AS count FROM ${grouped.table} WHERE ${grouped.where} GROUP BY 1, 2`,
      )
    : await engine.rows<{ sig: string; month: string; count: number }>(
        sql`SELECT ${signatureColumn(groupBy)} AS sig, substr(${t.statements.date}, 1, 7) AS month, count(*) AS count
              FROM ${t.statements} ${whereClause(where)} GROUP BY 1, 2`,
      );
  const labels = await labelMaps(db, lang);
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
  return [...byValue.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, counts]) => ({ value, label: (groupBy === 'partner' ? labels.partners : labels.themes).get(value) ?? value, counts }));
}

export async function statsTimeline(
  db: AppDatabase,
  filters: StatementFilters,
  interval: Interval,
  groupBy: Link | null,
  lang: Lang,
): Promise<Timeline> {
  const where = await statementWhere(db, filters);
  const counted = await monthCounts(db, filters, filters.theme ? 'theme' : 'partner');
  const engine = engineOf(db);
  const monthly = counted
    ? await engine.rows<{ month: string; count: number }>(sql`SELECT month, sum(live) AS count FROM ${counted.table} WHERE ${counted.where} GROUP BY 1 ORDER BY 1`)
    : await engine.rows<{ month: string; count: number }>(
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
  return {
    interval,
    groupBy,
    periods: periods.map((period, i) => ({ period, ...periodBounds(period, interval), count: counts[i] ?? 0 })),
    series: groupBy ? await seriesOf(db, filters, where, groupBy, interval, periods, lang) : [],
  };
}
