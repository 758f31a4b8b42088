import { isDeepStrictEqual } from 'node:util';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors.js';
import type { MeetingCreate, MeetingPatch, PartnerCreate, PartnerPatch, ThemeCreate, ThemePatch } from './schemas.js';
import { inTransaction, type AppDatabase } from '../../db/sqlite/client.js';
import { recordRevision, type Actor, type RevisionResource } from './revisions.js';
import * as t from '../../db/sqlite/schema.js';
import { reindexStatements } from '../../db/sqlite/search.js';

/**
 * Writes to meetings, partners and themes: the catalogue the statements point into. Same contract as the
 * statement writes: one transaction per write, rules reported together as a 422, a revision for every
 * change, soft deletes that refuse (409) to orphan what still points at the record.
 */

type Violation = { in: 'body'; name: string; message: string };
type Precondition<D> = (current: D) => void;

export interface MeetingDocument {
  id: string;
  kind: MeetingCreate['kind'];
  nameJa: string;
  nameEn: string;
  startDate: string;
  endDate: string;
  representativeJa: string | null;
  representativeEn: string | null;
  partners: string[];
}

export interface PartnerDocument {
  code: string;
  kind: PartnerCreate['kind'];
  iso3166Alpha2: string | null;
  nameJa: string;
  nameEn: string;
  shortNameJa: string | null;
  memberOf: { groupCode: string; role: 'member' | 'non_enumerated_member' }[];
}

export interface ThemeDocument {
  id: string;
  kind: ThemeCreate['kind'];
  parentId: string | null;
  labelJa: string;
  labelEn: string;
  descriptionJa: string;
  descriptionEn: string;
}

const now = () => new Date().toISOString();

function livePartnerCodes(db: AppDatabase, codes: string[]): Set<string> {
  if (codes.length === 0) return new Set();
  return new Set(
    db.select({ code: t.partners.code }).from(t.partners).where(and(inArray(t.partners.code, codes), isNull(t.partners.deletedAt))).all().map((r) => r.code),
  );
}

function liveStatementIds(db: AppDatabase, where: ReturnType<typeof sql>): string[] {
  return db.all<{ id: string }>(sql`SELECT id FROM statements WHERE deleted_at IS NULL AND ${where} ORDER BY id`).map((r) => r.id);
}

function refuseIfReferenced(what: string, referrers: { noun: string; ids: string[] }[]): void {
  const found = referrers.filter((r) => r.ids.length > 0);
  if (found.length === 0) return;
  throw new ConflictError(
    `${what} is still referenced by ${found.map((r) => `${r.ids.length} ${r.noun} (${r.ids.slice(0, 5).join(', ')}${r.ids.length > 5 ? ', …' : ''})`).join(' and ')}: change or delete those first.`,
  );
}

/** The common life cycle: load, check, write, record. */
function change<D>(
  db: AppDatabase,
  resource: RevisionResource,
  id: string,
  load: (id: string) => { document: D; deletedAt: string | null } | null,
  work: (current: { document: D; deletedAt: string | null } | null) => { operation: 'create' | 'update' | 'delete' | 'restore'; before: D | null; after: D | null },
  actor: Actor,
): D | null {
  return inTransaction(db, () => {
    const result = work(load(id));
    recordRevision(db, { resource, resourceId: id, ...result }, actor);
    return result.after;
  });
}

function liveOr404<D>(current: { document: D; deletedAt: string | null } | null, noun: string, id: string): D {
  if (!current || current.deletedAt) throw new NotFoundError(`There is no ${noun} ${id}.`);
  return current.document;
}

function deletedOr409<D>(current: { document: D; deletedAt: string | null } | null, noun: string, id: string): D {
  if (!current) throw new NotFoundError(`There is no ${noun} ${id}.`);
  if (!current.deletedAt) throw new ConflictError(`The ${noun} ${id} is not deleted.`);
  return current.document;
}

// ---------------------------------------------------------------- meetings

export function loadMeetingDocument(db: AppDatabase, id: string): { document: MeetingDocument; deletedAt: string | null } | null {
  const row = db.select().from(t.meetings).where(eq(t.meetings.id, id)).get();
  if (!row) return null;
  const partners = db
    .select({ code: t.meetingPartners.partnerCode })
    .from(t.meetingPartners)
    .where(eq(t.meetingPartners.meetingId, id))
    .orderBy(asc(t.meetingPartners.partnerCode))
    .all();
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = row;
  return { deletedAt, document: { ...fields, partners: partners.map((p) => p.code) } };
}

function resolveMeeting(db: AppDatabase, id: string, base: MeetingDocument | null, input: MeetingPatch): MeetingDocument {
  const doc: MeetingDocument = {
    id,
    kind: input.kind ?? base?.kind ?? 'summit',
    nameJa: input.nameJa ?? base?.nameJa ?? '',
    nameEn: input.nameEn ?? base?.nameEn ?? '',
    startDate: input.startDate ?? base?.startDate ?? '',
    endDate: input.endDate ?? base?.endDate ?? '',
    representativeJa: input.representativeJa !== undefined ? input.representativeJa : (base?.representativeJa ?? null),
    representativeEn: input.representativeEn !== undefined ? input.representativeEn : (base?.representativeEn ?? null),
    partners: [...new Set(input.partners ?? base?.partners ?? [])].sort(),
  };
  const violations: Violation[] = [];
  if (doc.startDate > doc.endDate) violations.push({ in: 'body', name: '/endDate', message: `must not be before startDate (${doc.startDate})` });
  if ((doc.representativeJa === null) !== (doc.representativeEn === null)) {
    violations.push({ in: 'body', name: '/representativeEn', message: 'give the representative in both languages, or in neither' });
  }
  const known = livePartnerCodes(db, doc.partners);
  for (const code of doc.partners) if (!known.has(code)) violations.push({ in: 'body', name: '/partners', message: `there is no partner ${code}` });
  const outside = liveStatementIds(db, sql`meeting_id = ${id} AND (date < ${doc.startDate} OR date > ${doc.endDate})`);
  if (outside.length > 0) {
    violations.push({ in: 'body', name: '/startDate', message: `statements of this meeting would fall outside its dates: ${outside.join(', ')}` });
  }
  if (violations.length > 0) throw new UnprocessableError(violations);
  return doc;
}

function writeMeeting(db: AppDatabase, doc: MeetingDocument, isNew: boolean, nameChanged: boolean): void {
  const at = now();
  const { partners, id, ...row } = doc;
  if (isNew) db.insert(t.meetings).values({ id, ...row, createdAt: at, updatedAt: at }).run();
  else db.update(t.meetings).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.meetings.id, id)).run();
  db.delete(t.meetingPartners).where(eq(t.meetingPartners.meetingId, id)).run();
  db.insert(t.meetingPartners).values(partners.map((partnerCode) => ({ meetingId: id, partnerCode, createdAt: at, updatedAt: at }))).run();
  // Meeting names are part of the statements' search documents.
  if (nameChanged) reindexStatements(db, liveStatementIds(db, sql`meeting_id = ${id}`));
}

export function createMeeting(db: AppDatabase, input: MeetingCreate, actor: Actor): MeetingDocument {
  return change(db, 'meeting', input.id, (id) => loadMeetingDocument(db, id), (current) => {
    if (current) throw new UnprocessableError([{ in: 'body', name: '/id', message: `the id ${input.id} is taken` }]);
    const doc = resolveMeeting(db, input.id, null, input);
    writeMeeting(db, doc, true, false);
    return { operation: 'create', before: null, after: doc };
  }, actor) as MeetingDocument;
}

export function updateMeeting(db: AppDatabase, id: string, patch: MeetingPatch, actor: Actor, precondition: Precondition<MeetingDocument>): MeetingDocument {
  return change(db, 'meeting', id, (key) => loadMeetingDocument(db, key), (current) => {
    const before = liveOr404(current, 'meeting', id);
    precondition(before);
    const doc = resolveMeeting(db, id, before, patch);
    writeMeeting(db, doc, false, doc.nameJa !== before.nameJa || doc.nameEn !== before.nameEn);
    return { operation: 'update', before, after: doc };
  }, actor) as MeetingDocument;
}

export function deleteMeeting(db: AppDatabase, id: string, actor: Actor, precondition: Precondition<MeetingDocument>): void {
  change(db, 'meeting', id, (key) => loadMeetingDocument(db, key), (current) => {
    const before = liveOr404(current, 'meeting', id);
    precondition(before);
    refuseIfReferenced(`The meeting ${id}`, [{ noun: 'statement(s)', ids: liveStatementIds(db, sql`meeting_id = ${id}`) }]);
    db.update(t.meetings).set({ deletedAt: now(), updatedAt: now() }).where(eq(t.meetings.id, id)).run();
    return { operation: 'delete', before, after: null };
  }, actor);
}

export function restoreMeeting(db: AppDatabase, id: string, actor: Actor): MeetingDocument {
  return change(db, 'meeting', id, (key) => loadMeetingDocument(db, key), (current) => {
    const doc = deletedOr409(current, 'meeting', id);
    resolveMeeting(db, id, doc, {});
    db.update(t.meetings).set({ deletedAt: null, updatedAt: now() }).where(eq(t.meetings.id, id)).run();
    return { operation: 'restore', before: null, after: doc };
  }, actor) as MeetingDocument;
}

// ---------------------------------------------------------------- partners

export function loadPartnerDocument(db: AppDatabase, code: string): { document: PartnerDocument; deletedAt: string | null } | null {
  const row = db.select().from(t.partners).where(eq(t.partners.code, code)).get();
  if (!row) return null;
  const memberOf = db
    .select({ groupCode: t.partnerMemberships.groupCode, role: t.partnerMemberships.role })
    .from(t.partnerMemberships)
    .where(eq(t.partnerMemberships.memberCode, code))
    .orderBy(asc(t.partnerMemberships.groupCode))
    .all();
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = row;
  return { deletedAt, document: { ...fields, memberOf } };
}

function resolvePartner(db: AppDatabase, code: string, base: PartnerDocument | null, input: PartnerPatch): PartnerDocument {
  const doc: PartnerDocument = {
    code,
    kind: input.kind ?? base?.kind ?? 'country',
    iso3166Alpha2: input.iso3166Alpha2 !== undefined ? input.iso3166Alpha2 : (base?.iso3166Alpha2 ?? null),
    nameJa: input.nameJa ?? base?.nameJa ?? '',
    nameEn: input.nameEn ?? base?.nameEn ?? '',
    shortNameJa: input.shortNameJa !== undefined ? input.shortNameJa : (base?.shortNameJa ?? null),
    memberOf: (input.memberOf ?? base?.memberOf ?? [])
      .map((m) => ({ groupCode: m.groupCode, role: m.role ?? ('member' as const) }))
      .sort((a, b) => a.groupCode.localeCompare(b.groupCode)),
  };
  const violations: Violation[] = [];
  if (doc.kind === 'country' && doc.iso3166Alpha2 !== code) {
    violations.push({ in: 'body', name: '/iso3166Alpha2', message: `a country's code is its ISO 3166-1 alpha-2 code: must be ${code}` });
  }
  if (doc.kind !== 'country' && doc.iso3166Alpha2 !== null) {
    violations.push({ in: 'body', name: '/iso3166Alpha2', message: 'only countries have an ISO 3166-1 code' });
  }
  const groups = doc.memberOf.map((m) => m.groupCode);
  const known = livePartnerCodes(db, groups);
  const below = db
    .all<{ code: string }>(
      sql`WITH RECURSIVE down(code) AS (SELECT member_code FROM partner_memberships WHERE group_code = ${code}
            UNION SELECT m.member_code FROM partner_memberships m JOIN down ON m.group_code = down.code) SELECT code FROM down`,
    )
    .map((r) => r.code);
  doc.memberOf.forEach(({ groupCode }, i) => {
    const name = `/memberOf/${i}/groupCode`;
    if (groupCode === code) violations.push({ in: 'body', name, message: 'a partner cannot belong to itself' });
    else if (!known.has(groupCode)) violations.push({ in: 'body', name, message: `there is no partner ${groupCode}` });
    else if (below.includes(groupCode)) violations.push({ in: 'body', name, message: `${groupCode} is a member of ${code}: memberships cannot go round in a circle` });
    if (groups.indexOf(groupCode) !== i) violations.push({ in: 'body', name, message: `${groupCode} is listed twice` });
  });
  if (violations.length > 0) throw new UnprocessableError(violations);
  return doc;
}

function writePartner(db: AppDatabase, doc: PartnerDocument, isNew: boolean): void {
  const at = now();
  const { memberOf, code, ...row } = doc;
  if (isNew) db.insert(t.partners).values({ code, ...row, createdAt: at, updatedAt: at }).run();
  else db.update(t.partners).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.partners.code, code)).run();
  db.delete(t.partnerMemberships).where(eq(t.partnerMemberships.memberCode, code)).run();
  if (memberOf.length) {
    db.insert(t.partnerMemberships).values(memberOf.map((m) => ({ groupCode: m.groupCode, memberCode: code, role: m.role, createdAt: at, updatedAt: at }))).run();
  }
}

export function createPartner(db: AppDatabase, input: PartnerCreate, actor: Actor): PartnerDocument {
  return change(db, 'partner', input.code, (code) => loadPartnerDocument(db, code), (current) => {
    if (current) throw new UnprocessableError([{ in: 'body', name: '/code', message: `the code ${input.code} is taken` }]);
    const doc = resolvePartner(db, input.code, null, input);
    writePartner(db, doc, true);
    return { operation: 'create', before: null, after: doc };
  }, actor) as PartnerDocument;
}

export function updatePartner(db: AppDatabase, code: string, patch: PartnerPatch, actor: Actor, precondition: Precondition<PartnerDocument>): PartnerDocument {
  return change(db, 'partner', code, (key) => loadPartnerDocument(db, key), (current) => {
    const before = liveOr404(current, 'partner', code);
    precondition(before);
    const doc = resolvePartner(db, code, before, patch);
    writePartner(db, doc, false);
    return { operation: 'update', before, after: doc };
  }, actor) as PartnerDocument;
}

export function deletePartner(db: AppDatabase, code: string, actor: Actor, precondition: Precondition<PartnerDocument>): void {
  change(db, 'partner', code, (key) => loadPartnerDocument(db, key), (current) => {
    const before = liveOr404(current, 'partner', code);
    precondition(before);
    refuseIfReferenced(`The partner ${code}`, [
      { noun: 'statement(s)', ids: liveStatementIds(db, sql`id IN (SELECT statement_id FROM statement_partners WHERE partner_code = ${code})`) },
      {
        noun: 'meeting(s)',
        ids: db.all<{ id: string }>(sql`SELECT id FROM meetings WHERE deleted_at IS NULL AND id IN (SELECT meeting_id FROM meeting_partners WHERE partner_code = ${code})`).map((r) => r.id),
      },
      {
        noun: 'member(s)',
        ids: db.all<{ code: string }>(sql`SELECT code FROM partners WHERE deleted_at IS NULL AND code IN (SELECT member_code FROM partner_memberships WHERE group_code = ${code})`).map((r) => r.code),
      },
    ]);
    db.update(t.partners).set({ deletedAt: now(), updatedAt: now() }).where(eq(t.partners.code, code)).run();
    return { operation: 'delete', before, after: null };
  }, actor);
}

export function restorePartner(db: AppDatabase, code: string, actor: Actor): PartnerDocument {
  return change(db, 'partner', code, (key) => loadPartnerDocument(db, key), (current) => {
    const doc = deletedOr409(current, 'partner', code);
    resolvePartner(db, code, doc, {});
    db.update(t.partners).set({ deletedAt: null, updatedAt: now() }).where(eq(t.partners.code, code)).run();
    return { operation: 'restore', before: null, after: doc };
  }, actor) as PartnerDocument;
}

// ---------------------------------------------------------------- themes

export function loadThemeDocument(db: AppDatabase, id: string): { document: ThemeDocument; deletedAt: string | null } | null {
  const row = db.select().from(t.themes).where(eq(t.themes.id, id)).get();
  if (!row) return null;
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = row;
  return { deletedAt, document: fields };
}

function resolveTheme(db: AppDatabase, id: string, base: ThemeDocument | null, input: ThemePatch): ThemeDocument {
  const doc: ThemeDocument = {
    id,
    kind: input.kind ?? base?.kind ?? 'topic',
    parentId: input.parentId !== undefined ? input.parentId : (base?.parentId ?? null),
    labelJa: input.labelJa ?? base?.labelJa ?? '',
    labelEn: input.labelEn ?? base?.labelEn ?? '',
    descriptionJa: input.descriptionJa ?? base?.descriptionJa ?? '',
    descriptionEn: input.descriptionEn ?? base?.descriptionEn ?? '',
  };
  const violations: Violation[] = [];
  if (doc.parentId !== null) {
    const parent = db.select().from(t.themes).where(and(eq(t.themes.id, doc.parentId), isNull(t.themes.deletedAt))).get();
    if (doc.parentId === id) violations.push({ in: 'body', name: '/parentId', message: 'a theme cannot be its own parent' });
    else if (!parent) violations.push({ in: 'body', name: '/parentId', message: `there is no theme ${doc.parentId}` });
    else {
      const ancestors = db
        .all<{ id: string }>(
          sql`WITH RECURSIVE up(id) AS (SELECT ${doc.parentId} UNION SELECT th.parent_id FROM themes th JOIN up ON th.id = up.id WHERE th.parent_id IS NOT NULL) SELECT id FROM up`,
        )
        .map((r) => r.id);
      if (ancestors.includes(id)) violations.push({ in: 'body', name: '/parentId', message: `${doc.parentId} is below ${id}: themes cannot go round in a circle` });
    }
  }
  if (violations.length > 0) throw new UnprocessableError(violations);
  return doc;
}

function writeTheme(db: AppDatabase, doc: ThemeDocument, isNew: boolean, labelChanged: boolean): void {
  const at = now();
  const { id, ...row } = doc;
  if (isNew) db.insert(t.themes).values({ id, ...row, createdAt: at, updatedAt: at }).run();
  else db.update(t.themes).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.themes.id, id)).run();
  // Theme labels are part of the statements' search documents.
  if (labelChanged) reindexStatements(db, liveStatementIds(db, sql`id IN (SELECT statement_id FROM statement_themes WHERE theme_id = ${id})`));
}

export function createTheme(db: AppDatabase, input: ThemeCreate, actor: Actor): ThemeDocument {
  return change(db, 'theme', input.id, (id) => loadThemeDocument(db, id), (current) => {
    if (current) throw new UnprocessableError([{ in: 'body', name: '/id', message: `the slug ${input.id} is taken` }]);
    const doc = resolveTheme(db, input.id, null, input);
    writeTheme(db, doc, true, false);
    return { operation: 'create', before: null, after: doc };
  }, actor) as ThemeDocument;
}

export function updateTheme(db: AppDatabase, id: string, patch: ThemePatch, actor: Actor, precondition: Precondition<ThemeDocument>): ThemeDocument {
  return change(db, 'theme', id, (key) => loadThemeDocument(db, key), (current) => {
    const before = liveOr404(current, 'theme', id);
    precondition(before);
    const doc = resolveTheme(db, id, before, patch);
    writeTheme(db, doc, false, doc.labelJa !== before.labelJa || doc.labelEn !== before.labelEn);
    return { operation: 'update', before, after: doc };
  }, actor) as ThemeDocument;
}

export function deleteTheme(db: AppDatabase, id: string, actor: Actor, precondition: Precondition<ThemeDocument>): void {
  change(db, 'theme', id, (key) => loadThemeDocument(db, key), (current) => {
    const before = liveOr404(current, 'theme', id);
    precondition(before);
    refuseIfReferenced(`The theme ${id}`, [
      { noun: 'statement(s)', ids: liveStatementIds(db, sql`id IN (SELECT statement_id FROM statement_themes WHERE theme_id = ${id})`) },
      { noun: 'child theme(s)', ids: db.all<{ id: string }>(sql`SELECT id FROM themes WHERE deleted_at IS NULL AND parent_id = ${id}`).map((r) => r.id) },
      { noun: 'approach entr(ies) of a briefing', ids: db.all<{ id: string }>(sql`SELECT id FROM approach_entries WHERE theme_id = ${id}`).map((r) => r.id) },
    ]);
    db.update(t.themes).set({ deletedAt: now(), updatedAt: now() }).where(eq(t.themes.id, id)).run();
    return { operation: 'delete', before, after: null };
  }, actor);
}

export function restoreTheme(db: AppDatabase, id: string, actor: Actor): ThemeDocument {
  return change(db, 'theme', id, (key) => loadThemeDocument(db, key), (current) => {
    const doc = deletedOr409(current, 'theme', id);
    resolveTheme(db, id, doc, {});
    db.update(t.themes).set({ deletedAt: null, updatedAt: now() }).where(eq(t.themes.id, id)).run();
    return { operation: 'restore', before: null, after: doc };
  }, actor) as ThemeDocument;
}

// ---------------------------------------------------------------- import

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/** Writes `target` unless the stored record (live) is already exactly that; records the revision. */
function importRecord<D>(
  db: AppDatabase,
  resource: RevisionResource,
  id: string,
  current: { document: D; deletedAt: string | null } | null,
  target: D,
  write: (isNew: boolean, before: D | null) => void,
  actor: Actor,
): ImportOutcome {
  if (current && !current.deletedAt && isDeepStrictEqual(current.document, target)) return 'unchanged';
  write(!current, current?.document ?? null);
  recordRevision(db, { resource, resourceId: id, operation: current ? 'update' : 'create', before: current?.document ?? null, after: target }, actor);
  return current ? 'updated' : 'created';
}

export function importTheme(db: AppDatabase, doc: ThemeDocument, actor: Actor): ImportOutcome {
  const current = loadThemeDocument(db, doc.id);
  const target = resolveTheme(db, doc.id, null, doc);
  return importRecord(db, 'theme', doc.id, current, target, (isNew, before) => {
    const before_ = before as ThemeDocument | null;
    writeTheme(db, target, isNew, !!before_ && (before_.labelJa !== target.labelJa || before_.labelEn !== target.labelEn));
  }, actor);
}

export function importPartner(db: AppDatabase, doc: PartnerDocument, actor: Actor): ImportOutcome {
  const current = loadPartnerDocument(db, doc.code);
  const target = resolvePartner(db, doc.code, null, doc);
  return importRecord(db, 'partner', doc.code, current, target, (isNew) => writePartner(db, target, isNew), actor);
}

export function importMeeting(db: AppDatabase, doc: MeetingDocument, actor: Actor): ImportOutcome {
  const current = loadMeetingDocument(db, doc.id);
  const target = resolveMeeting(db, doc.id, null, doc);
  return importRecord(db, 'meeting', doc.id, current, target, (isNew, before) => {
    const before_ = before as MeetingDocument | null;
    writeMeeting(db, target, isNew, !!before_ && (before_.nameJa !== target.nameJa || before_.nameEn !== target.nameEn));
  }, actor);
}
