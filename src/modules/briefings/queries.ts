import { and, asc, eq, gte, isNull, lte, type SQL } from 'drizzle-orm';
import type { Briefing, BriefingListQuery } from './schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { runList, type KeysetPage } from '../../db/keyset.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';

type BriefingFilters = Omit<BriefingListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

function briefingWhere(filters: BriefingFilters): SQL | undefined {
  return and(
    filters.from ? gte(t.briefings.date, filters.from) : undefined,
    filters.to ? lte(t.briefings.date, filters.to) : undefined,
  );
}

export function listBriefings(db: AppDatabase, query: BriefingListQuery, lang: Lang, limit: number): { page: KeysetPage; items: Briefing[] } {
  return runList(
    db,
    {
      table: t.briefings,
      id: t.briefings.id,
      defaultSort: '-date',
      sortColumns: { date: { column: () => t.briefings.date } },
      where: briefingWhere,
      hydrate: (ids, l) => ids.flatMap((id) => getBriefing(db, id, l) ?? []),
    },
    query,
    lang,
    limit,
  );
}

/** The document with its sections. A briefing is one row with a handful of children: queries per section. */
export function getBriefing(db: AppDatabase, id: string, lang: Lang): Briefing | null {
  const b = db.select().from(t.briefings).where(eq(t.briefings.id, id)).get();
  if (!b) return null;
  const sources = db.select().from(t.citedSources).where(eq(t.citedSources.briefingId, id)).orderBy(asc(t.citedSources.position)).all();
  const lesson = db.select().from(t.lessons).where(eq(t.lessons.briefingId, id)).get();
  const stages = lesson
    ? db.select().from(t.lessonStages).where(eq(t.lessonStages.lessonId, lesson.id)).orderBy(asc(t.lessonStages.position)).all()
    : [];
  const chartSourceIds = lesson
    ? new Set(
        db
          .select({ id: t.lessonChartSources.citedSourceId })
          .from(t.lessonChartSources)
          .where(eq(t.lessonChartSources.lessonId, lesson.id))
          .all()
          .map((row) => row.id),
      )
    : new Set<string>();
  const entries = db
    .select({ entry: t.approachEntries, theme: t.themes })
    .from(t.approachEntries)
    .innerJoin(t.themes, eq(t.themes.id, t.approachEntries.themeId))
    .where(eq(t.approachEntries.briefingId, id))
    .orderBy(asc(t.approachEntries.position))
    .all();
  // The statements in the briefing's own order: the order of their lines in the source.
  const statements = db
    .select()
    .from(t.statements)
    .where(and(eq(t.statements.briefingId, id), isNull(t.statements.deletedAt)))
    .orderBy(asc(t.statements.sourceLineNumber), asc(t.statements.id))
    .all();
  const statementsSource = sources.find((s) => s.role === 'statements_source');

  return {
    id: b.id,
    title: pick(lang, b.titleJa, b.titleEn),
    date: b.date,
    issuer: pick(lang, b.issuerJa, b.issuerEn),
    source: { file: b.sourceFile, sha256: b.sourceSha256 },
    citedSources: sources.map((s) => ({
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
          chart: {
            caption: lesson.chartCaptionJa,
            sourcesLabel: lesson.chartSourcesLabelJa,
            sourceIds: sources.filter((s) => chartSourceIds.has(s.id)).map((s) => s.id),
          },
          responseLabel: lesson.responseLabelJa,
          challengeLabel: lesson.challengeLabelJa,
          stages: stages.map((stage) => ({
            id: stage.id,
            position: stage.position,
            name: pick(lang, stage.nameJa, stage.nameEn),
            response: { measure: stage.responseMeasureJa, outcome: stage.responseOutcomeJa },
            challenge: stage.challengeJa,
          })),
        }
      : null,
    approach: {
      title: entries[0]?.entry.sectionTitleJa ?? '',
      entries: entries.map(({ entry, theme }) => ({
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
      items: statements.map((s) => ({
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
