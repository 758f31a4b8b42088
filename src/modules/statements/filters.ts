import { and, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { StatementListQuery } from './schemas.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { representativeCondition } from '../meetings/queries.js';
import * as t from '../../db/sqlite/schema.js';
import { searchCondition } from '../../db/sqlite/search.js';
import { assertKnown, expandPartners, expandThemes } from '../../db/vocabulary.js';

export type StatementFilters = Omit<StatementListQuery, 'sort' | 'limit' | 'cursor' | 'lang' | 'markStart' | 'markEnd' | 'facets'>;

/** A signature column (" FR JP ") names at least one of these codes. */
export function namesAnyOf(column: SQLiteColumn, codes: string[]): SQL | undefined {
  return or(...codes.map((code) => sql`instr(${column}, ${` ${code} `}) > 0`));
}

/** Whether the filters select anything narrower than every live statement (partnerMatch alone does not). */
export function hasFilters(filters: StatementFilters): boolean {
  return Object.entries(filters).some(([name, value]) => name !== 'partnerMatch' && value !== undefined);
}

/** The WHERE clause for the statement filters; shared by the list, counts, facets, stats and exports. */
export function statementWhere(db: AppDatabase, filters: StatementFilters, options: { denseSearch?: boolean } = {}): SQL | undefined {
  // Deleted statements are invisible to every read.
  const conditions: (SQL | undefined)[] = [isNull(t.statements.deletedAt)];
  if (filters.q) conditions.push(searchCondition(filters.q, options.denseSearch ?? false));
  // Partners and themes are matched on the statement's own signature columns (kept by triggers from the link
  // tables, see src/db/sqlite/schema.ts), which the covering indexes hold: no link table is joined and no id set built.
  if (filters.partner) {
    conditions.push(namesAnyOf(t.statements.partnerCodes, expandPartners(db, 'partner', filters.partner, filters.partnerMatch ?? 'groups')));
  }
  if (filters.theme) conditions.push(namesAnyOf(t.statements.themeIds, expandThemes(db, 'theme', filters.theme)));
  if (filters.kind) conditions.push(inArray(t.statements.kind, filters.kind));
  if (filters.meetingKind) {
    conditions.push(
      inArray(t.statements.meetingId, db.select({ id: t.meetings.id }).from(t.meetings).where(inArray(t.meetings.kind, filters.meetingKind))),
    );
  }
  if (filters.meeting) {
    assertKnown(db, 'meeting', { table: 'meetings', column: 'id', noun: 'meeting', list: '/v1/meetings' }, filters.meeting);
    conditions.push(inArray(t.statements.meetingId, filters.meeting));
  }
  if (filters.representative) {
    conditions.push(
      inArray(t.statements.meetingId, db.select({ id: t.meetings.id }).from(t.meetings).where(representativeCondition(filters.representative))),
    );
  }
  if (filters.from) conditions.push(gte(t.statements.date, filters.from));
  if (filters.to) conditions.push(lte(t.statements.date, filters.to));
  if (filters.updatedSince) conditions.push(gte(t.statements.updatedAt, filters.updatedSince));
  return and(...conditions);
}
