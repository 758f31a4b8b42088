import { and, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Meeting, MeetingListQuery } from './schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { AppDatabase } from '../../db/engine.js';
import { runList, type KeysetPage } from '../../db/keyset.js';
import * as t from '../../db/sqlite/schema.js';
import { expandPartners } from '../../db/vocabulary.js';
import { hydrateMeetings } from './load.js';

/** Meetings whose representative is one of these names, in Japanese or English (English case-insensitively). */
export function representativeCondition(names: string[]): SQL | undefined {
  return or(
    inArray(t.meetings.representativeJa, names),
    inArray(sql`lower(${t.meetings.representativeEn})`, names.map((name) => name.toLowerCase())),
  );
}

type MeetingFilters = Omit<MeetingListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

async function meetingWhere(db: AppDatabase, filters: MeetingFilters): Promise<SQL | undefined> {
  const conditions: (SQL | undefined)[] = [isNull(t.meetings.deletedAt)];
  if (filters.kind) conditions.push(inArray(t.meetings.kind, filters.kind));
  if (filters.partner) {
    const codes = await expandPartners(db, 'partner', filters.partner, filters.partnerMatch ?? 'groups');
    conditions.push(
      inArray(t.meetings.id, db.select({ id: t.meetingPartners.meetingId }).from(t.meetingPartners).where(inArray(t.meetingPartners.partnerCode, codes))),
    );
  }
  if (filters.representative) conditions.push(representativeCondition(filters.representative));
  // A meeting matches a date range it overlaps: a two-day meeting is "on" both days.
  if (filters.from) conditions.push(gte(t.meetings.endDate, filters.from));
  if (filters.to) conditions.push(lte(t.meetings.startDate, filters.to));
  if (filters.updatedSince) conditions.push(gte(t.meetings.updatedAt, filters.updatedSince));
  return and(...conditions);
}

export async function listMeetings(db: AppDatabase, query: MeetingListQuery, lang: Lang, limit: number): Promise<{ page: KeysetPage; items: Meeting[] }> {
  return await runList(
    db,
    {
      table: t.meetings,
      id: t.meetings.id,
      defaultSort: '-date',
      sortColumns: {
        date: { column: () => t.meetings.startDate },
        updatedAt: { column: () => t.meetings.updatedAt },
        name: { column: (l) => (l === 'en' ? t.meetings.nameEn : t.meetings.nameJa), labelled: true },
      },
      where: (filters) => meetingWhere(db, filters),
      hydrate: async (ids, l) => hydrateMeetings(db, ids, l),
    },
    query,
    lang,
    limit,
  );
}

/** One meeting as the API shows it, or null when there is none (or it is deleted). */
export async function getMeeting(db: AppDatabase, id: string, lang: Lang): Promise<Meeting | null> {
  // Also the If-Match check's read, on a write's transaction handle.
  return (await hydrateMeetings(db, [id], lang))[0] ?? null;
}
