import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '../../db/engine.js';
import * as t from '../../db/sqlite/schema.js';
import { UnprocessableError } from '../../errors.js';
import { kindLabels } from '../../schemas/common.js';
import type { Lang } from '../../schemas/query.js';
import { loadStatementEdit } from '../statements/load.js';
import { statementSchema } from '../statements/schemas.js';
import type { StatementInput } from '../curation/documents.js';

/**
 * The statements the exports write (GET /v1/export/statements, format=ndjson or json: the API's Statement),
 * read back by the imports. Such a statement carries its ids, its Japanese originals (text, passages with
 * offsets, paragraphs, the briefing's heading) and its labels in the language of the export; the import takes
 * the first and ignores the labels (kindLabel, meeting and partner names, theme labels, briefing title, issuer,
 * timestamps). The one label it needs is `title`: a lang=ja export holds titleJa there, a lang=en one titleEn,
 * and neither holds the other. So a line updates the title of its language and keeps the stored other one
 * (export → delete → import gives back what the export showed, in either language); a statement the database
 * does not hold at all needs both, and the line may carry `titleJa`/`titleEn` for that.
 */

const nonEmpty = z.string().min(1);

export const exportedStatementSchema = statementSchema
  .extend({
    title: nonEmpty.max(500),
    text: nonEmpty.max(20_000),
    titleJa: nonEmpty.max(500).optional().describe('Only for a statement the database does not hold: its Japanese title, which a lang=en export lacks.'),
    titleEn: nonEmpty.max(500).optional().describe('Only for a statement the database does not hold: its English title, which a lang=ja export lacks.'),
  })
  .meta({
    id: 'ExportedStatement',
    description:
      'A Statement as the exports write it (GET /v1/export/statements), in either language; labels are ignored, ' +
      '`title` sets the title of the language that `kindLabel` is in, the other one is kept.',
  });
export type ExportedStatement = z.infer<typeof exportedStatementSchema>;

/** The JSON statement export (format=json), which POST /v1/import also takes. */
export const statementExportImportSchema = z
  .strictObject({
    meta: z.record(z.string(), z.unknown()).optional().describe('The export’s meta block (StatementExportMeta); not needed, each statement says its language by its kindLabel.'),
    data: z.array(exportedStatementSchema).min(1).describe('The statements, as the export writes them.'),
  })
  .meta({ id: 'StatementExportImport', description: 'The file GET /v1/export/statements?format=json writes (either lang).' });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A line in the API's shape rather than the seed's: it has the API's nested meeting or provenance, not a meetingId. */
export function isExportedStatement(value: unknown): boolean {
  return isObject(value) && !('meetingId' in value) && ('meeting' in value || 'provenance' in value || 'kindLabel' in value);
}

/** A body that is the JSON statement export rather than dataset.json: `data` and no `statements`. */
export function isStatementExport(value: unknown): boolean {
  return isObject(value) && 'data' in value && !('statements' in value);
}

/** The language of a statement's labels, told by its kindLabel (null when it is neither language's). */
function labelLanguage(s: ExportedStatement): Lang | null {
  const labels = kindLabels.statement[s.kind];
  if (s.kindLabel === labels.ja) return 'ja';
  if (s.kindLabel === labels.en) return 'en';
  return null;
}

/** The cited source of the briefing whose citation the statement shows; the stored one when it is among them. */
async function citedSourceId(db: AppDatabase, briefingId: string, citation: string, storedId: string | null): Promise<string | null> {
  const ids = (
    await db
      .select({ id: t.citedSources.id })
      .from(t.citedSources)
      .where(and(eq(t.citedSources.briefingId, briefingId), eq(t.citedSources.citationText, citation)))
      .orderBy(asc(t.citedSources.position))
  ).map((row) => row.id);
  return storedId !== null && ids.includes(storedId) ? storedId : (ids[0] ?? null);
}

/** What an exported statement asks the write life cycle for; a 422 (names relative to the line) if it cannot say. */
export async function exportedStatementInput(db: AppDatabase, s: ExportedStatement): Promise<StatementInput> {
  const violations: { in: 'body'; name: string; message: string }[] = [];
  const refuse = (name: string, message: string) => violations.push({ in: 'body', name, message });
  const stored = (await loadStatementEdit(db, s.id))?.document ?? null;
  const lang = labelLanguage(s);
  const labels = kindLabels.statement[s.kind];
  if (!lang) refuse('/kindLabel', `is neither "${labels.ja}" nor "${labels.en}", the labels of ${s.kind}: the language of title cannot be told`);
  const titleJa = s.titleJa ?? (lang === 'ja' ? s.title : stored?.titleJa);
  const titleEn = s.titleEn ?? (lang === 'en' ? s.title : stored?.titleEn);
  if (lang && (!titleJa || !titleEn)) {
    const [missing, exportLang] = titleJa ? ['titleEn', 'English'] : ['titleJa', 'Japanese'];
    refuse('/title', `a lang=${lang} export holds one title, and there is no statement ${s.id} to keep the ${exportLang} one of: add ${missing} to the line`);
  }

  const { briefingId, citation, sourceHeading, sourceLine, sourceUrl, sourceTitle } = s.provenance;
  let briefing: StatementInput['briefing'] = null;
  if (briefingId !== null) {
    const [known] = await db.select({ id: t.briefings.id }).from(t.briefings).where(eq(t.briefings.id, briefingId)).limit(1);
    const sourceId = citation !== null ? await citedSourceId(db, briefingId, citation, stored?.briefing?.citedSourceId ?? null) : null;
    if (!known) refuse('/provenance/briefingId', `there is no briefing ${briefingId}`);
    else if (citation !== null && sourceId === null) refuse('/provenance/citation', `is not a cited source of briefing ${briefingId}`);
    briefing = { briefingId, sourceHeadingJa: sourceHeading, sourceLineNumber: sourceLine, citedSourceId: sourceId };
  }
  if (violations.length > 0) throw new UnprocessableError(violations);
  return {
    meetingId: s.meeting.id,
    kind: s.kind,
    date: s.date,
    titleJa: titleJa ?? '',
    titleEn: titleEn ?? '',
    text: s.text,
    // Paragraph offsets are derived from the text; passages keep theirs, so each sits where the export showed it.
    paragraphs: s.paragraphs.map((p) => ({ number: p.number, text: p.text })),
    highlights: s.highlights,
    partners: s.partners.map((p) => p.code),
    themes: s.themes.map((theme) => ({ themeId: theme.id, evidence: theme.evidence })),
    source: sourceUrl ? { url: sourceUrl, title: sourceTitle } : null,
    briefing,
  };
}

/** The rules name the write API's fields; an exported line names them as the Statement does. */
const exportedNames: [RegExp, string][] = [
  [/^\/meetingId$/, '/meeting/id'],
  [/^\/themes\/(\d+)\/themeId$/, '/themes/$1/id'],
  [/^\/source$/, '/provenance/sourceUrl'],
  [/^\/(titleJa|titleEn)$/, '/title'],
];
export function exportedFieldName(name: string): string {
  for (const [pattern, replacement] of exportedNames) if (pattern.test(name)) return name.replace(pattern, replacement);
  return name;
}
