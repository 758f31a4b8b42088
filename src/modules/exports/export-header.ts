import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { datasetLastModified } from '../../db/data-version.js';
import { checkDatabase } from '../health/queries.js';
import { pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';

/**
 * What an export says about itself before its rows: the dataset version (and the validator derived from it),
 * the number of matches, and the briefings they come from with their provenance.
 */

export interface DatasetVersion {
  /** The newest seed version applied to the database. */
  seedVersion: string | null;
  /** The newest updated_at of the data (the Last-Modified of /v1). */
  lastModified: string | null;
}

export async function datasetVersion(db: AppDatabase): Promise<DatasetVersion> {
  return { seedVersion: (await checkDatabase(db)).seedVersion, lastModified: await datasetLastModified(db) };
}

/**
 * What an export's validator (ETag) is derived from: the dataset version, plus the number of statements so
 * that a deletion (which moves no updated_at) changes it too. Cheap: a count over the smallest index.
 */
export async function exportDataVersion(db: AppDatabase): Promise<DatasetVersion & { statements: number }> {
  return { ...(await datasetVersion(db)), statements: (await db.select({ n: count() }).from(t.statements))[0]?.n ?? 0 };
}

export interface BriefingProvenance {
  briefingId: string;
  title: string;
  date: string;
  issuer: string;
  sourceFile: string;
  sourceSha256: string;
  /** The source line the briefing gives for its statements, verbatim. */
  citation: string | null;
}

export interface StatementExportHeader {
  count: number;
  datasetVersion: DatasetVersion;
  /** The briefings the exported statements come from. */
  provenance: BriefingProvenance[];
}

/** The statements an export will hold (counted as the engine counts without holding up other requests). */
export function countInTurns(db: AppDatabase, where: SQL | undefined, signal?: AbortSignal): Promise<number> {
  return engineOf(db).countStatements(where, signal);
}

/** The briefings the matching statements come from: one probe per briefing (there are few), each stopping at its first match. */
export async function provenance(db: AppDatabase, where: SQL | undefined, lang: Lang): Promise<BriefingProvenance[]> {
  const ids: string[] = [];
  for (const { id } of await db.select({ id: t.briefings.id }).from(t.briefings)) {
    const [match] = await db.select({ id: t.statements.id }).from(t.statements).where(and(eq(t.statements.briefingId, id), where)).limit(1);
    if (match) ids.push(id);
  }
  return ids.length === 0 ? [] : await briefingProvenance(db, inArray(t.briefings.id, ids), lang);
}

/** The provenance of one briefing (for dataset.json). */
export async function datasetProvenance(db: AppDatabase, briefingId: string, lang: Lang): Promise<BriefingProvenance[]> {
  return await briefingProvenance(db, eq(t.briefings.id, briefingId), lang);
}

async function briefingProvenance(db: AppDatabase, which: SQL, lang: Lang): Promise<BriefingProvenance[]> {
  const briefings = await db.select().from(t.briefings).where(which).orderBy(asc(t.briefings.date), asc(t.briefings.id));
  if (briefings.length === 0) return [];
  const citations = new Map<string, string>();
  for (const source of await db
    .select()
    .from(t.citedSources)
    .where(and(inArray(t.citedSources.briefingId, briefings.map((b) => b.id)), eq(t.citedSources.role, 'statements_source')))
    .orderBy(desc(t.citedSources.position))) {
    // Descending: the first statements source of each briefing is set last and wins.
    citations.set(source.briefingId, source.citationText);
  }
  return briefings.map((b) => ({
    briefingId: b.id,
    title: pick(lang, b.titleJa, b.titleEn),
    date: b.date,
    issuer: pick(lang, b.issuerJa, b.issuerEn),
    sourceFile: b.sourceFile,
    sourceSha256: b.sourceSha256,
    citation: citations.get(b.id) ?? null,
  }));
}
