import { and, eq, isNull } from 'drizzle-orm';
import type { StatementCreate } from './schemas.js';
import { liveIds, type Lifecycle } from '../../db/lifecycle.js';
import * as t from '../../db/sqlite/schema.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { loadStatementEdit } from '../statements/load.js';
import type { StatementDocument, StatementImport, StatementInput } from './documents.js';
import { draftStatement, refuseViolations, slugify, statementViolations } from './rules.js';

/**
 * Statements in the write life cycle (src/db/lifecycle.ts): how one is loaded, checked and written. Every write
 * is one transaction: the row, its links (partners, themes with evidence, highlights, paragraphs), its search
 * document and its revision all change together or not at all.
 */


/**
 * Builds the document a create, patch, restore or import asks for, and checks every rule it would break: ids
 * that must exist, passages that must sit in the text, dates within the meeting. Throws a 422 listing them all.
 */
async function resolveStatement(db: AppDatabase, id: string, base: StatementDocument | null, input: StatementInput): Promise<StatementDocument> {
  const { draft, violations } = draftStatement(id, base, input);
  const [meeting] = await db.select().from(t.meetings).where(and(eq(t.meetings.id, draft.meetingId), isNull(t.meetings.deletedAt))).limit(1);
  violations.push(
    ...statementViolations(draft, {
      meeting: meeting ?? null,
      livePartners: new Set(await liveIds(db, 'partner', draft.partners)),
      liveThemes: new Set(await liveIds(db, 'theme', draft.themes.map((theme) => theme.themeId))),
    }),
  );
  refuseViolations(violations);
  return { ...draft, themes: [...draft.themes].sort((a, b) => a.themeId.localeCompare(b.themeId)) };
}

/** Writes the document's row and replaces all its links. */
async function writeStatement(db: AppDatabase, doc: StatementDocument, before: StatementDocument | null, now: string): Promise<void> {
  const isNew = before === null;
  const row = {
    meetingId: doc.meetingId,
    kind: doc.kind,
    date: doc.date,
    titleJa: doc.titleJa,
    titleEn: doc.titleEn,
    text: doc.text,
    sourceUrl: doc.source?.url ?? null,
    sourceTitle: doc.source?.title ?? null,
    briefingId: doc.briefing?.briefingId ?? null,
    sourceHeadingJa: doc.briefing?.sourceHeadingJa ?? null,
    sourceLineNumber: doc.briefing?.sourceLineNumber ?? null,
    citedSourceId: doc.briefing?.citedSourceId ?? null,
    // Writing a record (an update, or an import of a deleted one) makes it live.
    deletedAt: null,
    updatedAt: now,
  };
  if (isNew) await db.insert(t.statements).values({ id: doc.id, ...row, createdAt: now });
  else await db.update(t.statements).set(row).where(eq(t.statements.id, doc.id));

  for (const table of [t.statementThemeEvidence, t.statementThemes, t.statementPartners, t.statementHighlights, t.statementParagraphs]) {
    await db.delete(table).where(eq(table.statementId, doc.id));
  }
  const stamps = { createdAt: now, updatedAt: now };
  if (doc.partners.length) await db.insert(t.statementPartners).values(doc.partners.map((partnerCode) => ({ statementId: doc.id, partnerCode, ...stamps })));
  if (doc.highlights.length) {
    await db
      .insert(t.statementHighlights)
      .values(doc.highlights.map((h, i) => ({ statementId: doc.id, position: i + 1, startOffset: h.start, endOffset: h.end, text: h.text, ...stamps })));
  }
  await db
    .insert(t.statementParagraphs)
    .values(doc.paragraphs.map((p, i) => ({ statementId: doc.id, position: i + 1, number: p.number, startOffset: p.start, endOffset: p.end, text: p.text, ...stamps })));
  for (const theme of doc.themes) {
    await db.insert(t.statementThemes).values({ statementId: doc.id, themeId: theme.themeId, ...stamps });
    await db
      .insert(t.statementThemeEvidence)
      .values(theme.evidence.map((e, i) => ({ statementId: doc.id, themeId: theme.themeId, position: i + 1, startOffset: e.start, endOffset: e.end, text: e.text, ...stamps })));
  }
  await engineOf(db).search.reindex([doc.id]);
}

async function uniqueId(db: AppDatabase, wanted: string): Promise<string> {
  const taken = async (id: string) => (await db.select({ id: t.statements.id }).from(t.statements).where(eq(t.statements.id, id)).limit(1)).length > 0;
  if (!(await taken(wanted))) return wanted;
  for (let n = 2; ; n += 1) if (!(await taken(`${wanted}-${n}`))) return `${wanted}-${n}`;
}


export const statementLifecycle: Lifecycle<StatementDocument, StatementInput, StatementCreate> = {
  resource: 'statement',
  key: 'id',
  keyWord: 'id',
  missing: (id) => `There is no statement with id ${id}.`,
  load: loadStatementEdit,
  resolve: resolveStatement,
  write: writeStatement,
  newId: (db, input) => uniqueId(db, slugify(`${input.date} ${input.titleEn}`) || `statement-${input.date}`),
};

/** What a statement of an import asks for: the file's passages as text, its provenance as the briefing's. */
export function statementImportInput(item: StatementImport, briefingId: string | null): StatementInput {
  return {
    meetingId: item.meetingId,
    kind: item.kind,
    date: item.date,
    titleJa: item.titleJa,
    titleEn: item.titleEn,
    text: item.text,
    paragraphs: item.paragraphs,
    highlights: item.highlights.map((text) => ({ text })),
    partners: item.partnerCodes,
    themes: item.themes.map((theme) => ({ themeId: theme.themeId, evidence: theme.evidence.map((text) => ({ text })) })),
    source: item.sourceUrl ? { url: item.sourceUrl, title: item.sourceTitle ?? null } : null,
    briefing:
      item.citedSourceId && briefingId
        ? { briefingId, sourceHeadingJa: item.sourceHeadingJa, sourceLineNumber: item.sourceLineNumber, citedSourceId: item.citedSourceId }
        : null,
  };
}
