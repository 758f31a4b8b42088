import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Briefing } from './schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { SeedDataset } from '../../schemas/seed.js';
import type { AppDatabase } from '../../db/engine.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';

/**
 * The one loader of a briefing: the document with its sections (cited sources, lesson with stages and chart
 * sources, approach entries with their themes, and for the API its statements), and a projection per reader:
 * `toApiItem` (the API's Briefing) and `toSeed` (dataset.json). A briefing is one row with a handful of
 * children, and there are few: one query per section.
 */

export interface BriefingAggregate {
  briefing: typeof t.briefings.$inferSelect;
  /** By position. */
  sources: (typeof t.citedSources.$inferSelect)[];
  lesson: typeof t.lessons.$inferSelect | null;
  /** The lesson's stages by position. */
  stages: (typeof t.lessonStages.$inferSelect)[];
  /** The cited sources of the lesson's chart. */
  chartSourceIds: Set<string>;
  /** By position. */
  entries: { entry: typeof t.approachEntries.$inferSelect; theme: typeof t.themes.$inferSelect }[];
  /** Its live statements in the briefing's own order (their lines in the source); empty unless loaded with `statements`. */
  statements: (typeof t.statements.$inferSelect)[];
}

export async function loadBriefing(db: AppDatabase, id: string, options: { statements?: boolean } = {}): Promise<BriefingAggregate | null> {
  const [briefing] = await db.select().from(t.briefings).where(eq(t.briefings.id, id)).limit(1);
  if (!briefing) return null;
  const sources = await db.select().from(t.citedSources).where(eq(t.citedSources.briefingId, id)).orderBy(asc(t.citedSources.position));
  // One lesson per briefing (the seed shape holds exactly one); by id should there ever be more.
  const [lesson = null] = await db.select().from(t.lessons).where(eq(t.lessons.briefingId, id)).orderBy(asc(t.lessons.id)).limit(1);
  const stages = lesson
    ? await db.select().from(t.lessonStages).where(eq(t.lessonStages.lessonId, lesson.id)).orderBy(asc(t.lessonStages.position))
    : [];
  const chartSourceIds = new Set(
    lesson
      ? (
          await db
            .select({ id: t.lessonChartSources.citedSourceId })
            .from(t.lessonChartSources)
            .where(eq(t.lessonChartSources.lessonId, lesson.id))
        ).map((row) => row.id)
      : [],
  );
  const entries = await db
    .select({ entry: t.approachEntries, theme: t.themes })
    .from(t.approachEntries)
    .innerJoin(t.themes, eq(t.themes.id, t.approachEntries.themeId))
    .where(eq(t.approachEntries.briefingId, id))
    .orderBy(asc(t.approachEntries.position));
  const statements = options.statements
    ? await db
        .select()
        .from(t.statements)
        .where(and(eq(t.statements.briefingId, id), isNull(t.statements.deletedAt)))
        .orderBy(asc(t.statements.sourceLineNumber), asc(t.statements.id))
    : [];
  return { briefing, sources, lesson, stages, chartSourceIds, entries, statements };
}

/** The lesson chart's sources in the order of the cited sources. */
const chartSources = (a: BriefingAggregate) => a.sources.filter((s) => a.chartSourceIds.has(s.id)).map((s) => s.id);

/** The API's Briefing, labels in `lang`. */
export function toApiItem(a: BriefingAggregate, lang: Lang): Briefing {
  const { briefing: b, lesson } = a;
  const statementsSource = a.sources.find((s) => s.role === 'statements_source');
  return {
    id: b.id,
    title: pick(lang, b.titleJa, b.titleEn),
    date: b.date,
    issuer: pick(lang, b.issuerJa, b.issuerEn),
    source: { file: b.sourceFile, sha256: b.sourceSha256 },
    citedSources: a.sources.map((s) => ({
      id: s.id,
      role: s.role,
      citation: s.citationText,
      appliesTo: s.appliesToJa,
      author: s.author,
      title: s.title,
      year: s.year,
    })),
    lesson: lesson
      ? {
          id: lesson.id,
          title: pick(lang, lesson.titleJa, lesson.titleEn),
          chart: { caption: lesson.chartCaptionJa, sourcesLabel: lesson.chartSourcesLabelJa, sourceIds: chartSources(a) },
          responseLabel: lesson.responseLabelJa,
          challengeLabel: lesson.challengeLabelJa,
          stages: a.stages.map((stage) => ({
            id: stage.id,
            position: stage.position,
            name: pick(lang, stage.nameJa, stage.nameEn),
            response: { measure: stage.responseMeasureJa, outcome: stage.responseOutcomeJa },
            challenge: stage.challengeJa,
          })),
        }
      : null,
    approach: {
      title: a.entries[0]?.entry.sectionTitleJa ?? '',
      entries: a.entries.map(({ entry, theme }) => ({
        id: entry.id,
        position: entry.position,
        group: entry.groupNumber,
        pillar: entry.pillar,
        theme: { id: theme.id, kind: theme.kind, label: pick(lang, theme.labelJa, theme.labelEn) },
        line: entry.lineText,
        measuresText: entry.measuresText,
        measures: entry.measures,
      })),
    },
    statements: {
      title: b.statementsSectionTitleJa,
      citation: statementsSource?.citationText ?? null,
      items: a.statements.map((s) => ({
        id: s.id,
        kind: s.kind,
        kindLabel: kindLabel('statement', s.kind, lang),
        date: s.date,
        title: pick(lang, s.titleJa, s.titleEn),
      })),
    },
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}

/** The seed shape (dataset.json), which requires a lesson: a briefing without one cannot be written in it (none exists today). */
export function toSeed(a: BriefingAggregate): SeedDataset['briefing'] {
  const { briefing: b, lesson } = a;
  if (!lesson) throw new Error(`briefing ${b.id} has no lesson: the seed shape cannot express it`);
  return {
    id: b.id,
    titleJa: b.titleJa,
    titleEn: b.titleEn,
    date: b.date,
    issuerJa: b.issuerJa,
    issuerEn: b.issuerEn,
    sourceFile: b.sourceFile,
    sourceSha256: b.sourceSha256,
    statementsSectionTitleJa: b.statementsSectionTitleJa,
    citedSources: a.sources.map((s) => ({
      id: s.id,
      role: s.role,
      citationText: s.citationText,
      appliesToJa: s.appliesToJa,
      author: s.author,
      title: s.title,
      year: s.year,
    })),
    lesson: {
      id: lesson.id,
      titleJa: lesson.titleJa,
      titleEn: lesson.titleEn,
      chartCaptionJa: lesson.chartCaptionJa,
      chartSourcesLabelJa: lesson.chartSourcesLabelJa,
      chartSourceIds: chartSources(a),
      responseLabelJa: lesson.responseLabelJa,
      challengeLabelJa: lesson.challengeLabelJa,
      stages: a.stages.map((s) => ({
        id: s.id,
        nameJa: s.nameJa,
        nameEn: s.nameEn,
        responseMeasureJa: s.responseMeasureJa,
        responseOutcomeJa: s.responseOutcomeJa,
        challengeJa: s.challengeJa,
      })),
    },
    approach: {
      sectionTitleJa: a.entries[0]?.entry.sectionTitleJa ?? '',
      entries: a.entries.map(({ entry: e }) => ({
        id: e.id,
        groupNumber: e.groupNumber,
        pillar: e.pillar,
        lineText: e.lineText,
        measuresText: e.measuresText,
        measures: e.measures,
      })),
    },
  };
}
