import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { locateInOrder, type SeedDataset } from '../schemas/seed.js';
import { engineOf, type AppDatabase } from './engine.js';
import * as t from './sqlite/schema.js';

export interface SeedResult {
  version: string;
  /** false when this version had already been applied: nothing was touched. */
  applied: boolean;
  rowsInserted: number;
}

function spansOrThrow(text: string, passages: readonly string[], what: string) {
  const spans = locateInOrder(text, passages);
  if (!spans) throw new Error(`${what}: passages are not substrings of the text in order`);
  return spans;
}

/** A stable fingerprint of the dataset, recorded with the version so that an unbumped edit is noticed. */
export function datasetChecksum(dataset: SeedDataset): string {
  return createHash('sha256').update(JSON.stringify(dataset)).digest('hex');
}

/**
 * Loads the transcribed briefing into the database, in one transaction.
 *
 * Every insert is ON CONFLICT DO NOTHING: a row that exists, whether from an earlier seed or created or
 * edited through the API since, is left exactly as it is. Applying the same version twice does nothing;
 * a new version adds only the rows that are missing.
 */
export async function seedDatabase(db: AppDatabase, dataset: SeedDataset): Promise<SeedResult> {
  return engineOf(db).transaction(async (tx) => {
    const [done] = await tx.select().from(t.seedRuns).where(eq(t.seedRuns.version, dataset.version)).limit(1);
    if (done) return { version: dataset.version, applied: false, rowsInserted: 0 };

    const counter = { rowsInserted: 0 };
    const insert = insertMissing(tx, counter);

    const { briefing } = dataset;
    await insert(t.themes, dataset.themes);
    counter.rowsInserted += await insertBriefingSections(tx, briefing);

    await insert(t.partners, dataset.partners);
    await insert(t.partnerMemberships, dataset.memberships);

    for (const { partnerCodes, ...meeting } of dataset.meetings) {
      await insert(t.meetings, [meeting]);
      await insert(
        t.meetingPartners,
        partnerCodes.map((partnerCode) => ({ meetingId: meeting.id, partnerCode })),
      );
    }

    for (const { paragraphs, highlights, partnerCodes, themes, ...statement } of dataset.statements) {
      await insert(t.statements, [{ ...statement, briefingId: statement.citedSourceId === null ? null : briefing.id }]);
      const paragraphSpans = spansOrThrow(statement.text, paragraphs.map((p) => p.text), statement.id);
      await insert(
        t.statementParagraphs,
        paragraphs.map((p, i) => ({
          statementId: statement.id,
          position: i + 1,
          number: p.number,
          startOffset: paragraphSpans[i]!.start,
          endOffset: paragraphSpans[i]!.end,
          text: p.text,
        })),
      );
      const highlightSpans = spansOrThrow(statement.text, highlights, statement.id);
      await insert(
        t.statementHighlights,
        highlights.map((text, i) => ({
          statementId: statement.id,
          position: i + 1,
          startOffset: highlightSpans[i]!.start,
          endOffset: highlightSpans[i]!.end,
          text,
        })),
      );
      await insert(
        t.statementPartners,
        partnerCodes.map((partnerCode) => ({ statementId: statement.id, partnerCode })),
      );
      for (const theme of themes) {
        await insert(t.statementThemes, [{ statementId: statement.id, themeId: theme.themeId }]);
        await insert(
          t.statementThemeEvidence,
          theme.evidence.map((text, i) => {
            // Evidence is located at its first occurrence; the schema has checked that there is one.
            const start = statement.text.indexOf(text);
            return {
              statementId: statement.id,
              themeId: theme.themeId,
              position: i + 1,
              startOffset: start,
              endOffset: start + text.length,
              text,
            };
          }),
        );
      }
    }

    // The search index is derived data: statements added by this run get their search documents now.
    await engineOf(tx).search.indexMissing();

    const { rowsInserted } = counter;
    await tx.insert(t.seedRuns).values({ version: dataset.version, checksum: datasetChecksum(dataset), rowsInserted });
    return { version: dataset.version, applied: true, rowsInserted };
  });
}

/** Inserts the rows in one statement, each unless one with its key exists (left exactly as it is), counting the rows inserted. */
function insertMissing(db: AppDatabase, counter: { rowsInserted: number }) {
  return async <T extends Parameters<typeof db.insert>[0]>(table: T, rows: T['$inferInsert'][]): Promise<void> => {
    if (rows.length === 0) return;
    counter.rowsInserted += (await db.insert(table).values(rows).onConflictDoNothing().returning()).length;
  };
}

/**
 * Inserts a briefing's own sections (the document, its cited sources, the lesson and the policy approach)
 * where they are missing; rows that exist are left alone. The approach's themes must exist already.
 * Shared by the seed and the dataset import. Returns how many rows were inserted.
 */
export async function insertBriefingSections(db: AppDatabase, briefing: SeedDataset['briefing']): Promise<number> {
  const counter = { rowsInserted: 0 };
  const insert = insertMissing(db, counter);
  await insert(t.briefings, [
    {
      id: briefing.id,
      titleJa: briefing.titleJa,
      titleEn: briefing.titleEn,
      date: briefing.date,
      issuerJa: briefing.issuerJa,
      issuerEn: briefing.issuerEn,
      sourceFile: briefing.sourceFile,
      sourceSha256: briefing.sourceSha256,
      statementsSectionTitleJa: briefing.statementsSectionTitleJa,
    },
  ]);
  await insert(
    t.citedSources,
    briefing.citedSources.map((source, i) => ({ ...source, briefingId: briefing.id, position: i + 1 })),
  );
  const { lesson } = briefing;
  await insert(t.lessons, [
    {
      id: lesson.id,
      briefingId: briefing.id,
      titleJa: lesson.titleJa,
      titleEn: lesson.titleEn,
      chartCaptionJa: lesson.chartCaptionJa,
      chartSourcesLabelJa: lesson.chartSourcesLabelJa,
      responseLabelJa: lesson.responseLabelJa,
      challengeLabelJa: lesson.challengeLabelJa,
    },
  ]);
  await insert(
    t.lessonChartSources,
    lesson.chartSourceIds.map((citedSourceId) => ({ lessonId: lesson.id, citedSourceId })),
  );
  await insert(
    t.lessonStages,
    lesson.stages.map((stage, i) => ({ ...stage, lessonId: lesson.id, position: i + 1 })),
  );
  await insert(
    t.approachEntries,
    briefing.approach.entries.map((entry, i) => ({
      ...entry,
      briefingId: briefing.id,
      sectionTitleJa: briefing.approach.sectionTitleJa,
      position: i + 1,
      themeId: entry.pillar,
    })),
  );
  return counter.rowsInserted;
}
