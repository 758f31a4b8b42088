import { and, asc, isNull, type SQL } from 'drizzle-orm';
import type { Meeting } from './schemas.js';
import type { MeetingRef } from '../../schemas/refs.js';
import type { Lang } from '../../schemas/query.js';
import type { SeedDataset } from '../../schemas/seed.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { groupBy } from '../../db/group-by.js';
import { preparedPerDatabase } from '../../db/id-list.js';
import { linkedPartners, partnerRef } from '../partners/linked.js';

/**
 * The one loader of meetings: a meeting with its partners (and, for the API, its statements), for any number
 * of ids in one query per relation, and a projection per reader: `toApiItem` (the API's Meeting), `toSeed`
 * (dataset.json), `toEdit` (the writes' document). Synchronous, so that it runs inside write transactions
 * and in the exports' paced chunks.
 */

export interface MeetingAggregate {
  meeting: typeof t.meetings.$inferSelect;
  /** Every partner linked to the meeting, deleted ones too (the edit document keeps them), by code. */
  partners: (typeof t.partners.$inferSelect)[];
  /** Its live statements by date and id; empty unless loaded with `statements`. */
  statements: (typeof t.statements.$inferSelect)[];
}

const rowsQuery = (db: AppDatabase, which: SQL | undefined, name: string) =>
  engineOf(db).prepareRows(db.select().from(t.meetings).where(and(engineOf(db).idList(t.meetings.id), which)), name);

const loadQueries = preparedPerDatabase((db: AppDatabase) => ({
  live: rowsQuery(db, isNull(t.meetings.deletedAt), 'load_meetings_live'),
  /** Deleted meetings too: the writes restore them, and the dataset keeps those its statements point to. */
  any: rowsQuery(db, undefined, 'load_meetings_any'),
  partners: linkedPartners(db, 'load_meeting_partners', t.meetingPartners, t.meetingPartners.meetingId, t.meetingPartners.partnerCode),
  statements: engineOf(db).prepareRows(
    db
      .select()
      .from(t.statements)
      .where(and(engineOf(db).idList(t.statements.meetingId), isNull(t.statements.deletedAt)))
      .orderBy(asc(t.statements.date), asc(t.statements.id)),
    'load_meeting_statements',
  ),
}));

/** The meetings with these ids, in the same order (unknown ids left out); live ones only unless `deleted`. */
export async function loadMeetings(db: AppDatabase, ids: string[], options: { deleted?: boolean; statements?: boolean } = {}): Promise<MeetingAggregate[]> {
  if (ids.length === 0) return [];
  const queries = loadQueries(db);
  const params = engineOf(db).idListParams(ids);
  const [rows, partnerRows, statementRows] = await Promise.all([
    (options.deleted ? queries.any : queries.live)(params),
    queries.partners(params),
    options.statements ? queries.statements(params) : [],
  ]);
  const partners = groupBy(partnerRows, (row) => row.ownerId);
  const statements = groupBy(statementRows, (row) => row.meetingId);
  const byId = new Map(
    rows.map((meeting): [string, MeetingAggregate] => [
      meeting.id,
      { meeting, partners: (partners.get(meeting.id) ?? []).map((row) => row.partner), statements: statements.get(meeting.id) ?? [] },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A meeting as other resources name it (a statement's meeting), labels in `lang`. */
export function meetingRef(m: MeetingAggregate['meeting'], lang: Lang): MeetingRef {
  return {
    id: m.id,
    kind: m.kind,
    kindLabel: kindLabel('meeting', m.kind, lang),
    name: pick(lang, m.nameJa, m.nameEn),
    startDate: m.startDate,
    endDate: m.endDate,
    representative: pick(lang, m.representativeJa, m.representativeEn),
  };
}

/** The API's Meeting, labels in `lang`: its live partners, and its statements (load them with `statements`). */
export function toApiItem(a: MeetingAggregate, lang: Lang): Meeting {
  const m = a.meeting;
  return {
    ...meetingRef(m, lang),
    partners: a.partners.filter((p) => p.deletedAt === null).map((p) => partnerRef(p, lang)),
    statements: a.statements.map((s) => ({ id: s.id, kind: s.kind, kindLabel: kindLabel('statement', s.kind, lang), date: s.date, title: pick(lang, s.titleJa, s.titleEn) })),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** The seed shape (dataset.json): links to partners outside the file's vocabulary are left out. */
export function toSeed(a: MeetingAggregate, vocabulary: { partnerCodes: ReadonlySet<string> }): SeedDataset['meetings'][number] {
  const m = a.meeting;
  return {
    id: m.id,
    kind: m.kind,
    nameJa: m.nameJa,
    nameEn: m.nameEn,
    startDate: m.startDate,
    endDate: m.endDate,
    representativeJa: m.representativeJa,
    representativeEn: m.representativeEn,
    partnerCodes: a.partners.filter((p) => vocabulary.partnerCodes.has(p.code)).map((p) => p.code),
  };
}

/** The editable form of a meeting: what revisions record and what a PATCH changes. */
export type MeetingEdit = Omit<typeof t.meetings.$inferSelect, 'createdAt' | 'updatedAt' | 'deletedAt'> & { partners: string[] };

/** The editable document, and whether the meeting is deleted. */
export function toEdit(a: MeetingAggregate): { document: MeetingEdit; deletedAt: string | null } {
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = a.meeting;
  return { deletedAt, document: { ...fields, partners: a.partners.map((p) => p.code) } };
}

/** API meetings for these ids, in the same order, with their statements: the list's pages. */
export async function hydrateMeetings(db: AppDatabase, ids: string[], lang: Lang): Promise<Meeting[]> {
  return (await loadMeetings(db, ids, { statements: true })).map((a) => toApiItem(a, lang));
}

/** The editable document of one meeting, deleted or not, for the writes (synchronous: it runs inside their transaction). */
export async function loadMeetingEdit(db: AppDatabase, id: string): Promise<{ document: MeetingEdit; deletedAt: string | null } | null> {
  const [aggregate] = await loadMeetings(db, [id], { deleted: true });
  return aggregate ? toEdit(aggregate) : null;
}
