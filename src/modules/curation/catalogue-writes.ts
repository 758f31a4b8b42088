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


async function resolveMeeting(db: AppDatabase, id: string, base: MeetingDocument | null, input: MeetingPatch): Promise<MeetingDocument> {
  const doc = draftMeeting(id, base, input);
  refuseViolations(
    meetingViolations(doc, {
      livePartners: new Set(await liveIds(db, 'partner', doc.partners)),
      statementsOutside: await liveIds(db, 'statement', sql`meeting_id = ${id} AND (date < ${doc.startDate} OR date > ${doc.endDate})`),
    }),
  );
  return doc;
}

async function writeMeeting(db: AppDatabase, doc: MeetingDocument, before: MeetingDocument | null, at: string): Promise<void> {
  const { partners, id, ...row } = doc;
  if (!before) await db.insert(t.meetings).values({ id, ...row, createdAt: at, updatedAt: at });
  else await db.update(t.meetings).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.meetings.id, id));
  await db.delete(t.meetingPartners).where(eq(t.meetingPartners.meetingId, id));
  await db.insert(t.meetingPartners).values(partners.map((partnerCode) => ({ meetingId: id, partnerCode, createdAt: at, updatedAt: at })));
  // Meeting names are part of the statements' search documents.
  if (before && (doc.nameJa !== before.nameJa || doc.nameEn !== before.nameEn)) {
    await engineOf(db).search.reindex(await liveIds(db, 'statement', sql`meeting_id = ${id}`));
  }
}

export const meetingLifecycle: Lifecycle<MeetingDocument, MeetingPatch, MeetingCreate> = {
  resource: 'meeting',
  key: 'id',
  keyWord: 'id',
  load: loadMeetingEdit,
  resolve: resolveMeeting,
  write: writeMeeting,
  referrers: async (db, id) => [{ noun: 'statement(s)', ids: await liveIds(db, 'statement', sql`meeting_id = ${id}`) }],
};

// ---------------------------------------------------------------- partners

export async function loadPartnerDocument(db: AppDatabase, code: string): Promise<Stored<PartnerDocument> | null> {
  const [row] = await db.select().from(t.partners).where(eq(t.partners.code, code)).limit(1);
  if (!row) return null;
  const memberOf = await db
    .select({ groupCode: t.partnerMemberships.groupCode, role: t.partnerMemberships.role })
    .from(t.partnerMemberships)
    .where(eq(t.partnerMemberships.memberCode, code))
    .orderBy(asc(t.partnerMemberships.groupCode));
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = row;
  return { deletedAt, document: { ...fields, memberOf } };
}

async function resolvePartner(db: AppDatabase, code: string, base: PartnerDocument | null, input: PartnerPatch): Promise<PartnerDocument> {
  const doc = draftPartner(code, base, input);
  // Everything below the partner (transitively): none of it may become its group.
  const below = await closureFrom(db, 'partners', 'down', [code], { includeStart: false });
  const liveGroups = new Set(await liveIds(db, 'partner', doc.memberOf.map((m) => m.groupCode)));
  refuseViolations(partnerViolations(doc, { liveGroups, below }));
  return doc;
}

async function writePartner(db: AppDatabase, doc: PartnerDocument, before: PartnerDocument | null, at: string): Promise<void> {
  const { memberOf, code, ...row } = doc;
  if (!before) await db.insert(t.partners).values({ code, ...row, createdAt: at, updatedAt: at });
  else await db.update(t.partners).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.partners.code, code));
  await db.delete(t.partnerMemberships).where(eq(t.partnerMemberships.memberCode, code));
  if (memberOf.length) {
    await db.insert(t.partnerMemberships).values(memberOf.map((m) => ({ groupCode: m.groupCode, memberCode: code, role: m.role, createdAt: at, updatedAt: at })));
  }
}

export const partnerLifecycle: Lifecycle<PartnerDocument, PartnerPatch, PartnerCreate> = {
  resource: 'partner',
  key: 'code',
  keyWord: 'code',
  load: loadPartnerDocument,
  resolve: resolvePartner,
  write: writePartner,
  referrers: async (db, code) => [
    { noun: 'statement(s)', ids: await liveIds(db, 'statement', sql`id IN (SELECT statement_id FROM statement_partners WHERE partner_code = ${code})`) },
    { noun: 'meeting(s)', ids: await liveIds(db, 'meeting', sql`id IN (SELECT meeting_id FROM meeting_partners WHERE partner_code = ${code})`) },
    { noun: 'member(s)', ids: await liveIds(db, 'partner', sql`code IN (SELECT member_code FROM partner_memberships WHERE group_code = ${code})`) },
  ],
};

// ---------------------------------------------------------------- themes

export async function loadThemeDocument(db: AppDatabase, id: string): Promise<Stored<ThemeDocument> | null> {
  const [row] = await db.select().from(t.themes).where(eq(t.themes.id, id)).limit(1);
  if (!row) return null;
  const { createdAt: _c, updatedAt: _u, deletedAt, ...fields } = row;
  return { deletedAt, document: fields };
}

async function resolveTheme(db: AppDatabase, id: string, base: ThemeDocument | null, input: ThemePatch): Promise<ThemeDocument> {
  const doc = draftTheme(id, base, input);
  const { parentId } = doc;
  const parentLive = parentId !== null && (await liveIds(db, 'theme', [parentId])).length > 0;
  // The parent and everything above it: the theme itself must not be among them.
  const ancestors = parentLive && parentId !== id ? await closureFrom(db, 'themes', 'up', [parentId]) : [];
  refuseViolations(themeViolations(doc, { parentLive, ancestors }));
  return doc;
}

async function writeTheme(db: AppDatabase, doc: ThemeDocument, before: ThemeDocument | null, at: string): Promise<void> {
  const { id, ...row } = doc;
  if (!before) await db.insert(t.themes).values({ id, ...row, createdAt: at, updatedAt: at });
  else await db.update(t.themes).set({ ...row, deletedAt: null, updatedAt: at }).where(eq(t.themes.id, id));
  // Theme labels are part of the statements' search documents.
  if (before && (doc.labelJa !== before.labelJa || doc.labelEn !== before.labelEn)) await engineOf(db).search.reindex(await statementsOfTheme(db, id));
}

const statementsOfTheme = (db: AppDatabase, id: string) => liveIds(db, 'statement', sql`id IN (SELECT statement_id FROM statement_themes WHERE theme_id = ${id})`);

export const themeLifecycle: Lifecycle<ThemeDocument, ThemePatch, ThemeCreate> = {
  resource: 'theme',
  key: 'id',
  keyWord: 'slug',
  load: loadThemeDocument,
  resolve: resolveTheme,
  write: writeTheme,
  referrers: async (db, id) => [
    { noun: 'statement(s)', ids: await statementsOfTheme(db, id) },
    { noun: 'child theme(s)', ids: await liveIds(db, 'theme', sql`parent_id = ${id}`) },
    // Approach entries are part of a briefing and are never deleted on their own: every one counts.
    {
      noun: 'approach entr(ies) of a briefing',
      ids: (await db.select({ id: t.approachEntries.id }).from(t.approachEntries).where(eq(t.approachEntries.themeId, id)).orderBy(t.approachEntries.id)).map((r) => r.id),
    },
  ],
};
