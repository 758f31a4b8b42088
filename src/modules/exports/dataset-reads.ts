import { and, asc, count, eq, inArray, isNotNull, isNull, or, type SQL } from 'drizzle-orm';
import { InvalidQueryError } from '../../errors.js';
import type { SeedDataset } from '../../schemas/seed.js';
import type { AppDatabase } from '../../db/engine.js';
import { checkDatabase } from '../health/queries.js';
import * as t from '../../db/sqlite/schema.js';
import { loadBriefing, toSeed as briefingSeed } from '../briefings/load.js';
import { loadMeetings, toSeed as meetingSeed } from '../meetings/load.js';
import { loadStatements, toSeed as statementSeed } from '../statements/load.js';
import { pacedChunks, type ChunkOptions } from './export-pacing.js';

/**
 * dataset.json, the seed shape: the briefing and the vocabularies at once (the head), then the meetings and
 * the statements in paced chunks, each projected from its resource's own loader (`toSeed`), so that the
 * backup holds what the API shows.
 */

type SeedBriefing = SeedDataset['briefing'];
type SeedMeeting = SeedDataset['meetings'][number];
type SeedStatement = SeedDataset['statements'][number];

/** What a dataset export leaves out because the seed shape cannot hold it (counted, so a backup says so). */
export interface DatasetOmissions {
  /** Live statements of other briefings (export those with `briefing=`), or with incomplete provenance. */
  statementsOutsideBriefing: number;
  /** Soft-deleted rows: reads do not show them, so neither does the backup. */
  deleted: { statements: number; meetings: number; partners: number; themes: number };
}

export interface DatasetHead {
  version: string;
  briefing: SeedBriefing;
  partners: SeedDataset['partners'];
  memberships: SeedDataset['memberships'];
  themes: SeedDataset['themes'];
  counts: { partners: number; memberships: number; themes: number; meetings: number; statements: number };
  omitted: DatasetOmissions;
  /** Every briefing in the database, so that a reader of one file knows about the others. */
  briefingIds: string[];
}

/** The live partners and themes: relations pointing elsewhere are left out with the rows they point to. */
export interface DatasetVocabulary {
  partnerCodes: Set<string>;
  themeIds: Set<string>;
}

/** The briefing a dataset export is about: the one asked for, or the only one there is. */
export async function resolveDatasetBriefing(db: AppDatabase, requested: string | undefined): Promise<string> {
  const ids = (await db.select({ id: t.briefings.id }).from(t.briefings).orderBy(asc(t.briefings.id))).map((row) => row.id);
  const fail = (message: string) => new InvalidQueryError([{ in: 'query', name: 'briefing', message }]);
  if (requested !== undefined) {
    if (!ids.includes(requested)) throw fail(`unknown briefing ${requested}; see /v1/briefings`);
    return requested;
  }
  if (ids.length === 1) return ids[0]!;
  if (ids.length === 0) throw fail('the database holds no briefing: there is nothing to export');
  throw fail(`the database holds ${ids.length} briefings (${ids.join(', ')}): pick one with briefing=; each file is a complete seed`);
}

/**
 * The statements a dataset export holds, all live: the briefing's (with the provenance the seed shape needs
 * for them), and those with a source of their own (added through the API), which belong to no briefing and
 * so go into every briefing's file (loading two files loads them once: the loader skips rows that exist).
 */
function exportableStatements(briefingId: string): SQL | undefined {
  return and(
    isNull(t.statements.deletedAt),
    or(
      and(
        eq(t.statements.briefingId, briefingId),
        isNotNull(t.statements.sourceHeadingJa),
        isNotNull(t.statements.sourceLineNumber),
        isNotNull(t.statements.citedSourceId),
      ),
      and(isNull(t.statements.briefingId), isNull(t.statements.citedSourceId), isNotNull(t.statements.sourceUrl)),
    ),
  );
}

/** Live meetings, and any meeting an exported statement still points to. */
function exportableMeetings(db: AppDatabase, briefingId: string): SQL | undefined {
  return or(
    isNull(t.meetings.deletedAt),
    inArray(t.meetings.id, db.select({ id: t.statements.meetingId }).from(t.statements).where(exportableStatements(briefingId))),
  );
}

/** Themes with every parent before its children, as the loader inserts them in order. */
function parentsFirst<T extends { id: string; parentId: string | null }>(themes: T[]): T[] {
  const byId = new Map(themes.map((theme) => [theme.id, theme]));
  const placed = new Set<string>();
  const out: T[] = [];
  const place = (theme: T, depth = 0) => {
    if (placed.has(theme.id) || depth > themes.length) return;
    const parent = theme.parentId ? byId.get(theme.parentId) : undefined;
    if (parent) place(parent, depth + 1);
    placed.add(theme.id);
    out.push(theme);
  };
  themes.forEach((theme) => place(theme));
  return out;
}

const countOf = async (db: AppDatabase, table: typeof t.statements | typeof t.meetings | typeof t.partners | typeof t.themes, where: SQL | undefined) =>
  (await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0;

/** Everything of the seed shape except meetings and statements, which are read in chunks. */
export async function datasetHead(db: AppDatabase, briefingId: string): Promise<DatasetHead> {
  const briefing = await loadBriefing(db, briefingId);
  if (!briefing) throw new Error(`briefing ${briefingId} vanished`);
  const partners = await db.select().from(t.partners).where(isNull(t.partners.deletedAt)).orderBy(asc(t.partners.code));
  const live = new Set(partners.map((p) => p.code));
  const memberships = (
    await db.select().from(t.partnerMemberships).orderBy(asc(t.partnerMemberships.groupCode), asc(t.partnerMemberships.memberCode))
  ).filter((m) => live.has(m.groupCode) && live.has(m.memberCode));
  const themes = await db.select().from(t.themes).where(isNull(t.themes.deletedAt)).orderBy(asc(t.themes.id));
  const version = (await checkDatabase(db)).seedVersion ?? `${briefing.briefing.date}.1`;
  const statements = await countOf(db, t.statements, exportableStatements(briefingId));
  return {
    version,
    briefing: briefingSeed(briefing),
    partners: partners.map((p) => ({
      code: p.code,
      kind: p.kind,
      iso3166Alpha2: p.iso3166Alpha2,
      nameJa: p.nameJa,
      nameEn: p.nameEn,
      shortNameJa: p.shortNameJa,
    })),
    memberships: memberships.map((m) => ({ groupCode: m.groupCode, memberCode: m.memberCode, role: m.role })),
    themes: parentsFirst(
      themes.map((th) => ({
        id: th.id,
        kind: th.kind,
        parentId: th.parentId,
        labelJa: th.labelJa,
        labelEn: th.labelEn,
        descriptionJa: th.descriptionJa,
        descriptionEn: th.descriptionEn,
      })),
    ),
    counts: {
      partners: partners.length,
      memberships: memberships.length,
      themes: themes.length,
      meetings: await countOf(db, t.meetings, exportableMeetings(db, briefingId)),
      statements,
    },
    omitted: {
      statementsOutsideBriefing: (await countOf(db, t.statements, isNull(t.statements.deletedAt))) - statements,
      deleted: {
        statements: await countOf(db, t.statements, isNotNull(t.statements.deletedAt)),
        meetings: await countOf(db, t.meetings, isNotNull(t.meetings.deletedAt)),
        partners: await countOf(db, t.partners, isNotNull(t.partners.deletedAt)),
        themes: await countOf(db, t.themes, isNotNull(t.themes.deletedAt)),
      },
    },
    briefingIds: (await db.select({ id: t.briefings.id }).from(t.briefings).orderBy(asc(t.briefings.id))).map((row) => row.id),
  };
}

export function datasetVocabulary(head: DatasetHead): DatasetVocabulary {
  return { partnerCodes: new Set(head.partners.map((p) => p.code)), themeIds: new Set(head.themes.map((th) => th.id)) };
}


/** The meetings (in id order), with their partners, in chunks. */
export function datasetMeetingChunks(
  db: AppDatabase,
  briefingId: string,
  vocabulary: DatasetVocabulary,
  options: ChunkOptions = {},
): AsyncGenerator<SeedMeeting[]> {
  const order = { table: t.meetings, id: t.meetings.id, descending: false, where: exportableMeetings(db, briefingId) };
  // Deleted meetings too: a live statement may still point to one (exportableMeetings keeps those).
  return pacedChunks(db, order, async (ids) => (await loadMeetings(db, ids, { deleted: true })).map((m) => meetingSeed(m, vocabulary)), options);
}

/**
 * The briefing's statements (in id order) in the seed shape: passages as text, which the loader locates
 * again (highlights in order, evidence at its first occurrence), and no timestamps.
 */
export function datasetStatementChunks(
  db: AppDatabase,
  briefingId: string,
  vocabulary: DatasetVocabulary,
  options: ChunkOptions = {},
): AsyncGenerator<SeedStatement[]> {
  const order = { table: t.statements, id: t.statements.id, descending: false, where: exportableStatements(briefingId) };
  return pacedChunks(db, order, async (ids) => (await loadStatements(db, ids)).map((s) => statementSeed(s, vocabulary)), options);
}
