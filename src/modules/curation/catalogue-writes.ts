import { asc, eq, sql } from 'drizzle-orm';
import type { MeetingCreate, MeetingPatch, PartnerCreate, PartnerPatch, ThemeCreate, ThemePatch } from './schemas.js';
import { liveIds, type Lifecycle, type Stored } from '../../db/lifecycle.js';
import * as t from '../../db/sqlite/schema.js';
import { closureFrom } from '../../db/closure.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { loadMeetingEdit } from '../meetings/load.js';
import type { MeetingDocument, PartnerDocument, ThemeDocument } from './documents.js';
import { draftMeeting, draftPartner, draftTheme, meetingViolations, partnerViolations, refuseViolations, themeViolations } from './rules.js';

/**
 * Meetings, partners and themes in the write life cycle (src/db/lifecycle.ts): the catalogue the statements
 * point into. Each gathers the facts its rules need, writes its row and links, and names what still points at
 * it (a delete is refused, 409, while anything live does).
 */

// ---------------------------------------------------------------- meetings


function resolveMeeting(db: AppDatabase, id: string, base: MeetingDocument | null, input: MeetingPatch): MeetingDocument {
  const doc = draftMeeting(id, base, input);
  refuseViolations(
    meetingViolations(doc, {
      livePartners: new Set(liveIds(db, 'partner', doc.partners)),
      statementsOutside: liveIds(db, 'statement', sql`meeting_id = ${id} AND (date < ${doc.startDate} OR date > ${doc.endDate})`),
    }),
  );
  return doc;
}

function writeMeeting(db: AppDatabase, doc: MeetingDocument, before: MeetingDocument | null, at: string): void {
  const { partners, id, ...row } = doc;
  if (!before) db.insert(t.meetings).values({ id, ...row, createdAt: at, updatedAt: at }).run();
  else db.update(t.meetings).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.meetings.id, id)).run();
  db.delete(t.meetingPartners).where(eq(t.meetingPartners.meetingId, id)).run();
  db.insert(t.meetingPartners).values(partners.map((partnerCode) => ({ meetingId: id, partnerCode, createdAt: at, updatedAt: at }))).run();
  // Meeting names are part of the statements' search documents.
  if (before && (doc.nameJa !== before.nameJa || doc.nameEn !== before.nameEn)) engineOf(db).search.reindex(liveIds(db, 'statement', sql`meeting_id = ${id}`));
}

export const meetingLifecycle: Lifecycle<MeetingDocument, MeetingPatch, MeetingCreate> = {
  resource: 'meeting',
  key: 'id',
  keyWord: 'id',
  load: loadMeetingEdit,
  resolve: resolveMeeting,
  write: writeMeeting,
  referrers: (db, id) => [{ noun: 'statement(s)', ids: liveIds(db, 'statement', sql`meeting_id = ${id}`) }],
};

// ---------------------------------------------------------------- partners

export function loadPartnerDocument(db: AppDatabase, code: string): Stored<PartnerDocument> | null {
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
  const doc = draftPartner(code, base, input);
  // Everything below the partner (transitively): none of it may become its group.
  const below = closureFrom(db, 'partners', 'down', [code], { includeStart: false });
  refuseViolations(partnerViolations(doc, { liveGroups: new Set(liveIds(db, 'partner', doc.memberOf.map((m) => m.groupCode))), below }));
  return doc;
}

function writePartner(db: AppDatabase, doc: PartnerDocument, before: PartnerDocument | null, at: string): void {
  const { memberOf, code, ...row } = doc;
  if (!before) db.insert(t.partners).values({ code, ...row, createdAt: at, updatedAt: at }).run();
  else db.update(t.partners).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.partners.code, code)).run();
  db.delete(t.partnerMemberships).where(eq(t.partnerMemberships.memberCode, code)).run();
  if (memberOf.length) {
    db.insert(t.partnerMemberships).values(memberOf.map((m) => ({ groupCode: m.groupCode, memberCode: code, role: m.role, createdAt: at, updatedAt: at }))).run();
  }
}

export const partnerLifecycle: Lifecycle<PartnerDocument, PartnerPatch, PartnerCreate> = {
  resource: 'partner',
  key: 'code',
  keyWord: 'code',
  load: loadPartnerDocument,
  resolve: resolvePartner,
  write: writePartner,
  referrers: (db, code) => [
    { noun: 'statement(s)', ids: liveIds(db, 'statement', sql`id IN (SELECT statement_id FROM statement_partners WHERE partner_code = ${code})`) },
    { noun: 'meeting(s)', ids: liveIds(db, 'meeting', sql`id IN (SELECT meeting_id FROM meeting_partners WHERE partner_code = ${code})`) },
    { noun: 'member(s)', ids: liveIds(db, 'partner', sql`code IN (SELECT member_code FROM partner_memberships WHERE group_code = ${code})`) },
  ],
};

// ---------------------------------------------------------------- themes

export function loadThemeDocument(db: AppDatabase, id: string): Stored<ThemeDocument> | null {
  const row = db.select().from(t.themes).where(eq(t.themes.id, id)).get();
  if (!row) return null;
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = row;
  return { deletedAt, document: fields };
}

function resolveTheme(db: AppDatabase, id: string, base: ThemeDocument | null, input: ThemePatch): ThemeDocument {
  const doc = draftTheme(id, base, input);
  const { parentId } = doc;
  const parentLive = parentId !== null && liveIds(db, 'theme', [parentId]).length > 0;
  // The parent and everything above it: the theme itself must not be among them.
  const ancestors = parentLive && parentId !== id ? closureFrom(db, 'themes', 'up', [parentId]) : [];
  refuseViolations(themeViolations(doc, { parentLive, ancestors }));
  return doc;
}

function writeTheme(db: AppDatabase, doc: ThemeDocument, before: ThemeDocument | null, at: string): void {
  const { id, ...row } = doc;
  if (!before) db.insert(t.themes).values({ id, ...row, createdAt: at, updatedAt: at }).run();
  else db.update(t.themes).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.themes.id, id)).run();
  // Theme labels are part of the statements' search documents.
  if (before && (doc.labelJa !== before.labelJa || doc.labelEn !== before.labelEn)) engineOf(db).search.reindex(statementsOfTheme(db, id));
}

const statementsOfTheme = (db: AppDatabase, id: string) => liveIds(db, 'statement', sql`id IN (SELECT statement_id FROM statement_themes WHERE theme_id = ${id})`);

export const themeLifecycle: Lifecycle<ThemeDocument, ThemePatch, ThemeCreate> = {
  resource: 'theme',
  key: 'id',
  keyWord: 'slug',
  load: loadThemeDocument,
  resolve: resolveTheme,
  write: writeTheme,
  referrers: (db, id) => [
    { noun: 'statement(s)', ids: statementsOfTheme(db, id) },
    { noun: 'child theme(s)', ids: liveIds(db, 'theme', sql`parent_id = ${id}`) },
    // Approach entries are part of a briefing and are never deleted on their own: every one counts.
    { noun: 'approach entr(ies) of a briefing', ids: db.all<{ id: string }>(sql`SELECT id FROM approach_entries WHERE theme_id = ${id}`).map((r) => r.id) },
  ],
};
