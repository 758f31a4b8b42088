import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Facets } from '../stats/facet-schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { Statement, StatementListItem, StatementListQuery } from './schemas.js';
import { buildSnippet } from '../search/snippet.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { queryFingerprint, runList, type KeysetPage } from '../../db/keyset.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { relevancePage } from '../../db/sqlite/search.js';
import { countFacets } from '../stats/facets.js';
import { statementWhere } from './filters.js';
import { hasFilters } from './planner.js';
import { planList, type ListPlan } from './list-total.js';
import { groupBy } from '../../db/group-by.js';

/**
 * One page of statements. Asynchronous for the engines to come, whose drivers are; on SQLite every query runs
 * before the promise is returned (tests/unit/query-plans.test.ts captures them so).
 */
export async function listStatements(
  db: AppDatabase,
  query: StatementListQuery,
  lang: Lang,
  limit: number,
): Promise<{ page: KeysetPage; items: StatementListItem[]; facets?: Facets }> {
  const { markStart = '<mark>', markEnd = '</mark>', facets: facetNames, ...listQuery } = query;
  const { sort: _sort, limit: _limit, cursor: _cursor, lang: _lang, ...filters } = listQuery;
  const facets = facetNames ? countFacets(db, filters, facetNames, lang) : undefined;
  const search = listQuery.q;
  let page: KeysetPage;
  let items: StatementListItem[];
  let scores: Map<string, number> | undefined;
  if (listQuery.sort === 'relevance' && search) {
    const { sort, limit: _limit, cursor, lang: _lang, ...filters } = listQuery;
    const { q: _q, ...otherFilters } = filters;
    const filtered = hasFilters(otherFilters);
    const ranked = relevancePage(db, search, statementWhere(db, otherFilters), filtered, limit, cursor, queryFingerprint({ filters, sort }));
    page = ranked.page;
    scores = ranked.scores;
    items = hydrateStatements(db, page.ids, lang);
  } else {
    // The planner says where the total comes from (signature counts, the search index or the statements) and
    // whether the search is dense enough to be checked statement by statement.
    let plan: ListPlan | undefined;
    ({ page, items } = runList(
      db,
      {
        table: t.statements,
        id: t.statements.id,
        defaultSort: '-date',
        sortColumns: {
          date: { column: () => t.statements.date },
          updatedAt: { column: () => t.statements.updatedAt },
          title: { column: (l) => (l === 'en' ? t.statements.titleEn : t.statements.titleJa), labelled: true },
        },
        where: (filters) => {
          plan ??= planList(db, filters);
          return statementWhere(db, filters, { denseSearch: plan.denseSearch });
        },
        total: (filters) => (plan ??= planList(db, filters)).total,
        hydrate: (ids, l) => hydrateStatements(db, ids, l),
      },
      listQuery,
      lang,
      limit,
    ));
  }
  if (!search) return { page, items, ...(facets ? { facets } : {}) };
  const terms = search.terms.filter((term) => !term.negated);
  return {
    page,
    ...(facets ? { facets } : {}),
    items: items.map((item) => ({
      ...item,
      match: {
        // The body first; failing that, the first label that shows a match.
        snippet:
          [item.text, item.title, item.meeting.name, ...item.themes.map((theme) => theme.label)]
            .map((text) => buildSnippet(text, terms, { markStart, markEnd }))
            .find((snippet) => snippet !== null) ?? null,
        score: scores?.get(item.id) ?? null,
      },
    })),
  };
}

export function getStatement(db: AppDatabase, id: string, lang: Lang): Statement | null {
  return hydrateStatements(db, [id], lang)[0] ?? null;
}


/** `column` is one of the ids passed as a JSON array in the `ids` placeholder: one statement for any number of ids. */
const inIds = (column: SQLiteColumn) => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`;

/**
 * The queries that build full statements, made and prepared once per database: building them with the query
 * builder and preparing them again on every call cost more than running them (about 2 ms of a 3 ms uncached
 * GET /v1/statements/{id}). The ids go in as one JSON array.
 */
function makeHydrationQueries(db: AppDatabase) {
  return {
    rows: db
      .select({
        statement: t.statements,
        meeting: t.meetings,
        briefing: {
          id: t.briefings.id,
          titleJa: t.briefings.titleJa,
          titleEn: t.briefings.titleEn,
          date: t.briefings.date,
          issuerJa: t.briefings.issuerJa,
          issuerEn: t.briefings.issuerEn,
          sourceFile: t.briefings.sourceFile,
        },
        citation: t.citedSources.citationText,
      })
      .from(t.statements)
      .innerJoin(t.meetings, eq(t.meetings.id, t.statements.meetingId))
      .leftJoin(t.briefings, eq(t.briefings.id, t.statements.briefingId))
      .leftJoin(t.citedSources, eq(t.citedSources.id, t.statements.citedSourceId))
      .where(and(inIds(t.statements.id), isNull(t.statements.deletedAt)))
      .prepare(),
    partners: db
      .select({ statementId: t.statementPartners.statementId, partner: t.partners })
      .from(t.statementPartners)
      .innerJoin(t.partners, eq(t.partners.code, t.statementPartners.partnerCode))
      .where(inIds(t.statementPartners.statementId))
      .orderBy(asc(t.partners.code))
      .prepare(),
    themes: db
      .select({ statementId: t.statementThemes.statementId, theme: t.themes })
      .from(t.statementThemes)
      .innerJoin(t.themes, eq(t.themes.id, t.statementThemes.themeId))
      .where(inIds(t.statementThemes.statementId))
      // Topics before approaches, then alphabetically.
      .orderBy(desc(t.themes.kind), asc(t.themes.id))
      .prepare(),
    evidence: db
      .select()
      .from(t.statementThemeEvidence)
      .where(inIds(t.statementThemeEvidence.statementId))
      .orderBy(asc(t.statementThemeEvidence.position))
      .prepare(),
    highlights: db
      .select()
      .from(t.statementHighlights)
      .where(inIds(t.statementHighlights.statementId))
      .orderBy(asc(t.statementHighlights.position))
      .prepare(),
    paragraphs: db
      .select()
      .from(t.statementParagraphs)
      .where(inIds(t.statementParagraphs.statementId))
      .orderBy(asc(t.statementParagraphs.position))
      .prepare(),
  };
}

const hydrationQueries = new WeakMap<AppDatabase, ReturnType<typeof makeHydrationQueries>>();

/** Builds full statements for these ids, in the same order, with one query per relation (not per item). */
export function hydrateStatements(db: AppDatabase, ids: string[], lang: Lang): Statement[] {
  if (ids.length === 0) return [];
  let queries = hydrationQueries.get(db);
  if (!queries) {
    queries = makeHydrationQueries(db);
    hydrationQueries.set(db, queries);
  }
  const params = { ids: JSON.stringify(ids) };
  const rows = queries.rows.all(params);
  const partners = groupBy(queries.partners.all(params), (row) => row.statementId);
  const themes = groupBy(queries.themes.all(params), (row) => row.statementId);
  const evidence = groupBy(queries.evidence.all(params), (row) => `${row.statementId}\u0000${row.themeId}`);
  const highlights = groupBy(queries.highlights.all(params), (row) => row.statementId);
  const paragraphs = groupBy(queries.paragraphs.all(params), (row) => row.statementId);

  const byId = new Map(
    rows.map(({ statement: s, meeting: m, briefing: b, citation }): [string, Statement] => [
      s.id,
      {
        id: s.id,
        kind: s.kind,
        kindLabel: kindLabel('statement', s.kind, lang),
        date: s.date,
        title: pick(lang, s.titleJa, s.titleEn),
        text: s.text,
        textLanguage: 'ja',
        meeting: {
          id: m.id,
          kind: m.kind,
          kindLabel: kindLabel('meeting', m.kind, lang),
          name: pick(lang, m.nameJa, m.nameEn),
          startDate: m.startDate,
          endDate: m.endDate,
          representative: pick(lang, m.representativeJa, m.representativeEn),
        },
        partners: (partners.get(s.id) ?? []).map(({ partner: p }) => ({
          code: p.code,
          kind: p.kind,
          kindLabel: kindLabel('partner', p.kind, lang),
          name: pick(lang, p.nameJa, p.nameEn),
        })),
        themes: (themes.get(s.id) ?? []).map(({ theme: th }) => ({
          id: th.id,
          kind: th.kind,
          label: pick(lang, th.labelJa, th.labelEn),
          evidence: (evidence.get(`${s.id}\u0000${th.id}`) ?? []).map((e) => ({ text: e.text, start: e.startOffset, end: e.endOffset })),
        })),
        highlights: (highlights.get(s.id) ?? []).map((h) => ({ text: h.text, start: h.startOffset, end: h.endOffset })),
        paragraphs: (paragraphs.get(s.id) ?? []).map((p) => ({ number: p.number, text: p.text, start: p.startOffset, end: p.endOffset })),
        provenance: {
          briefingId: b?.id ?? null,
          briefingTitle: b ? pick(lang, b.titleJa, b.titleEn) : null,
          briefingDate: b?.date ?? null,
          issuer: b ? pick(lang, b.issuerJa, b.issuerEn) : null,
          sourceFile: b?.sourceFile ?? null,
          sourceLine: s.sourceLineNumber,
          sourceHeading: s.sourceHeadingJa,
          citation: citation ?? null,
          sourceUrl: s.sourceUrl,
          sourceTitle: s.sourceTitle,
        },
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
