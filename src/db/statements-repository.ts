import { and, asc, desc, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import type { Lang } from '../schemas/query.js';
import type { Statement, StatementListQuery } from '../schemas/statements.js';
import type { AppDatabase } from './client.js';
import { runList, type KeysetPage } from './keyset.js';
import { representativeCondition } from './meetings-repository.js';
import { kindLabel, pick } from './localize.js';
import * as t from './schema.js';
import { assertKnown, expandPartners, expandThemes } from './vocabulary.js';

export type StatementFilters = Omit<StatementListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

/** The WHERE clause for the statement filters; shared by the list, counts, facets, stats and exports. */
export function statementWhere(db: AppDatabase, filters: StatementFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.partner) {
    const codes = expandPartners(db, 'partner', filters.partner, filters.partnerMatch ?? 'groups');
    conditions.push(
      inArray(
        t.statements.id,
        db.select({ id: t.statementPartners.statementId }).from(t.statementPartners).where(inArray(t.statementPartners.partnerCode, codes)),
      ),
    );
  }
  if (filters.theme) {
    const ids = expandThemes(db, 'theme', filters.theme);
    conditions.push(
      inArray(
        t.statements.id,
        db.select({ id: t.statementThemes.statementId }).from(t.statementThemes).where(inArray(t.statementThemes.themeId, ids)),
      ),
    );
  }
  if (filters.kind) conditions.push(inArray(t.statements.kind, filters.kind));
  if (filters.meetingKind) {
    conditions.push(
      inArray(t.statements.meetingId, db.select({ id: t.meetings.id }).from(t.meetings).where(inArray(t.meetings.kind, filters.meetingKind))),
    );
  }
  if (filters.meeting) {
    assertKnown(db, 'meeting', { table: 'meetings', column: 'id', noun: 'meeting', list: '/v1/meetings' }, filters.meeting);
    conditions.push(inArray(t.statements.meetingId, filters.meeting));
  }
  if (filters.representative) {
    conditions.push(
      inArray(t.statements.meetingId, db.select({ id: t.meetings.id }).from(t.meetings).where(representativeCondition(filters.representative))),
    );
  }
  if (filters.from) conditions.push(gte(t.statements.date, filters.from));
  if (filters.to) conditions.push(lte(t.statements.date, filters.to));
  if (filters.updatedSince) conditions.push(gte(t.statements.updatedAt, filters.updatedSince));
  return and(...conditions);
}

export function listStatements(db: AppDatabase, query: StatementListQuery, lang: Lang, limit: number): { page: KeysetPage; items: Statement[] } {
  return runList(
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
      where: (filters) => statementWhere(db, filters),
      hydrate: (ids, l) => hydrateStatements(db, ids, l),
    },
    query,
    lang,
    limit,
  );
}

export function getStatement(db: AppDatabase, id: string, lang: Lang): Statement | null {
  return hydrateStatements(db, [id], lang)[0] ?? null;
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Builds full statements for these ids, in the same order, with one query per relation (not per item). */
export function hydrateStatements(db: AppDatabase, ids: string[], lang: Lang): Statement[] {
  if (ids.length === 0) return [];
  const rows = db
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
    .innerJoin(t.briefings, eq(t.briefings.id, t.statements.briefingId))
    .innerJoin(t.citedSources, eq(t.citedSources.id, t.statements.citedSourceId))
    .where(inArray(t.statements.id, ids))
    .all();

  const partners = groupBy(
    db
      .select({ statementId: t.statementPartners.statementId, partner: t.partners })
      .from(t.statementPartners)
      .innerJoin(t.partners, eq(t.partners.code, t.statementPartners.partnerCode))
      .where(inArray(t.statementPartners.statementId, ids))
      .orderBy(asc(t.partners.code))
      .all(),
    (row) => row.statementId,
  );
  const themes = groupBy(
    db
      .select({ statementId: t.statementThemes.statementId, theme: t.themes })
      .from(t.statementThemes)
      .innerJoin(t.themes, eq(t.themes.id, t.statementThemes.themeId))
      .where(inArray(t.statementThemes.statementId, ids))
      // Topics before approaches, then alphabetically.
      .orderBy(desc(t.themes.kind), asc(t.themes.id))
      .all(),
    (row) => row.statementId,
  );
  const evidence = groupBy(
    db
      .select()
      .from(t.statementThemeEvidence)
      .where(inArray(t.statementThemeEvidence.statementId, ids))
      .orderBy(asc(t.statementThemeEvidence.position))
      .all(),
    (row) => `${row.statementId}\u0000${row.themeId}`,
  );
  const highlights = groupBy(
    db
      .select()
      .from(t.statementHighlights)
      .where(inArray(t.statementHighlights.statementId, ids))
      .orderBy(asc(t.statementHighlights.position))
      .all(),
    (row) => row.statementId,
  );
  const paragraphs = groupBy(
    db
      .select()
      .from(t.statementParagraphs)
      .where(inArray(t.statementParagraphs.statementId, ids))
      .orderBy(asc(t.statementParagraphs.position))
      .all(),
    (row) => row.statementId,
  );

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
          briefingId: b.id,
          briefingTitle: pick(lang, b.titleJa, b.titleEn),
          briefingDate: b.date,
          issuer: pick(lang, b.issuerJa, b.issuerEn),
          sourceFile: b.sourceFile,
          sourceLine: s.sourceLineNumber,
          sourceHeading: s.sourceHeadingJa,
          citation,
        },
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
