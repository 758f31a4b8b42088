import { desc, sql, type SQL } from 'drizzle-orm';
import type { Overview } from './schemas.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { datasetLastModified } from '../../db/data-version.js';
import * as t from '../../db/sqlite/schema.js';
import { statementWhere, type StatementFilters } from '../statements/filters.js';
import { hasFilters } from '../statements/planner.js';
import { distinctNamed, signatureTotal, whereClause } from './counts.js';

/**
 * Totals, date range and meetings of the selected statements. Without filters they come from the maintained counts
 * and two index look-ups (min and max date); with filters, from one pass over a covering index.
 */
async function overviewCounts(db: AppDatabase, filters: StatementFilters, where: SQL | undefined, liveStatements: number) {
  const engine = engineOf(db);
  if (!hasFilters(filters)) {
    const live = sql`FROM ${t.statements} WHERE ${t.statements.deletedAt} IS NULL`;
    return {
      total: liveStatements,
      first: (await engine.row<{ d: string | null }>(sql`SELECT min(${t.statements.date}) AS d ${live}`))?.d ?? null,
      last: (await engine.row<{ d: string | null }>(sql`SELECT max(${t.statements.date}) AS d ${live}`))?.d ?? null,
      meetings: (await engine.row<{ n: number }>(sql`SELECT count(*) AS n FROM ${t.statementMeetingCounts} WHERE ${t.statementMeetingCounts.live} > 0`))?.n ?? 0,
      // Every highlight less those of the (few) deleted statements: no live id is materialised.
      highlights:
        (
          await engine.row<{ n: number }>(
            sql`SELECT (SELECT count(*) FROM statement_highlights)
                     - (SELECT count(*) FROM statement_highlights WHERE statement_id IN (SELECT id FROM statements WHERE deleted_at IS NOT NULL)) AS n`,
          )
        )?.n ?? 0,
    };
  }
  // Read from the covering index statements_live_date_idx, never from the rows.
  const row = await engine.row<{ total: number; first: string | null; last: string | null; meetings: number }>(
    sql`SELECT count(*) AS total, min(${t.statements.date}) AS first, max(${t.statements.date}) AS last,
               count(DISTINCT ${t.statements.meetingId}) AS meetings
          FROM ${t.statements} ${whereClause(where)}`,
  );
  const highlights = (
    await engine.row<{ n: number }>(
      sql`SELECT count(*) AS n FROM statement_highlights WHERE statement_id IN (SELECT ${t.statements.id} FROM ${t.statements} ${whereClause(where)})`,
    )
  )?.n;
  return { total: row?.total ?? 0, first: row?.first ?? null, last: row?.last ?? null, meetings: row?.meetings ?? 0, highlights: highlights ?? 0 };
}

export async function statsOverview(db: AppDatabase, filters: StatementFilters): Promise<Overview> {
  const where = await statementWhere(db, filters);
  const liveStatements = await signatureTotal(db, {});
  const selected = await overviewCounts(db, filters, where, liveStatements);
  const total = async (table: string, softDeleted = true) =>
    (await engineOf(db).row<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)} ${softDeleted ? sql`WHERE deleted_at IS NULL` : sql``}`))?.n ?? 0;
  const [seed] = await db.select({ version: t.seedRuns.version }).from(t.seedRuns).orderBy(desc(t.seedRuns.appliedAt)).limit(1);
  const seedVersion = seed?.version ?? null;
  const lastUpdated = await datasetLastModified(db);
  return {
    statements: {
      total: selected.total,
      firstDate: selected.first,
      lastDate: selected.last,
      meetings: selected.meetings,
      partners: await distinctNamed(db, 'partner', filters, where),
      themes: await distinctNamed(db, 'theme', filters, where),
      highlights: selected.highlights,
    },
    totals: {
      statements: liveStatements,
      meetings: await total('meetings'),
      partners: await total('partners'),
      themes: await total('themes'),
      briefings: await total('briefings', false),
    },
    lastUpdated,
    seedVersion,
    datasetVersion: `${seedVersion ?? 'unseeded'}@${lastUpdated ?? 'empty'}`,
  };
}
