import { and, asc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Meeting, MeetingListQuery } from './schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { runList, type KeysetPage } from '../../db/keyset.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { expandPartners } from '../../db/vocabulary.js';

/** Meetings whose representative is one of these names, in Japanese or English (English case-insensitively). */
export function representativeCondition(names: string[]): SQL | undefined {
  return or(
    inArray(t.meetings.representativeJa, names),
    inArray(sql`lower(${t.meetings.representativeEn})`, names.map((name) => name.toLowerCase())),
  );
}

type MeetingFilters = Omit<MeetingListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

function meetingWhere(db: AppDatabase, filters: MeetingFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [isNull(t.meetings.deletedAt)];
  if (filters.kind) conditions.push(inArray(t.meetings.kind, filters.kind));
  if (filters.partner) {
    const codes = expandPartners(db, 'partner', filters.partner, filters.partnerMatch ?? 'groups');
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

export function listMeetings(db: AppDatabase, query: MeetingListQuery, lang: Lang, limit: number): { page: KeysetPage; items: Meeting[] } {
  return runList(
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
      hydrate: (ids, l) => hydrateMeetings(db, ids, l),
    },
    query,
    lang,
    limit,
  );
}

export function getMeeting(db: AppDatabase, id: string, lang: Lang): Meeting | null {
  return hydrateMeetings(db, [id], lang)[0] ?? null;
}

function hydrateMeetings(db: AppDatabase, ids: string[], lang: Lang): Meeting[] {
  if (ids.length === 0) return [];
  const rows = db.select().from(t.meetings).where(and(inArray(t.meetings.id, ids), isNull(t.meetings.deletedAt))).all();
  const partners = db
    .select({ meetingId: t.meetingPartners.meetingId, partner: t.partners })
    .from(t.meetingPartners)
    .innerJoin(t.partners, eq(t.partners.code, t.meetingPartners.partnerCode))
    .where(and(inArray(t.meetingPartners.meetingId, ids), isNull(t.partners.deletedAt)))
    .orderBy(asc(t.partners.code))
    .all();
  const statements = db
    .select()
    .from(t.statements)
    .where(and(inArray(t.statements.meetingId, ids), isNull(t.statements.deletedAt)))
    .orderBy(asc(t.statements.date), asc(t.statements.id))
    .all();
  const byId = new Map(
    rows.map((m): [string, Meeting] => [
      m.id,
      {
        id: m.id,
        kind: m.kind,
        kindLabel: kindLabel('meeting', m.kind, lang),
        name: pick(lang, m.nameJa, m.nameEn),
        startDate: m.startDate,
        endDate: m.endDate,
        representative: pick(lang, m.representativeJa, m.representativeEn),
        partners: partners
          .filter((row) => row.meetingId === m.id)
          .map(({ partner: p }) => ({ code: p.code, kind: p.kind, kindLabel: kindLabel('partner', p.kind, lang), name: pick(lang, p.nameJa, p.nameEn) })),
        statements: statements
          .filter((s) => s.meetingId === m.id)
          .map((s) => ({ id: s.id, kind: s.kind, kindLabel: kindLabel('statement', s.kind, lang), date: s.date, title: pick(lang, s.titleJa, s.titleEn) })),
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
