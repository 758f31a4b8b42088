import { datasetHead, datasetMeetingChunks, datasetStatementChunks, datasetVocabulary } from './dataset-reads.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { datasetProvenance, datasetVersion, type BriefingProvenance } from './export-header.js';
import { statementExportReader, type ExportSort } from './statement-chunks.js';
import type { StatementFilters } from '../statements/filters.js';
import { csvColumns, type ExportFormat, type StatementExportMeta } from './schemas.js';
import { parseSort, type Lang } from '../../schemas/query.js';
import type { Statement } from '../statements/schemas.js';
import { csvRecord, joinCsvValues, type CsvValue } from './csv.js';

/**
 * The bodies of the exports, as async generators of text: one piece per chunk of rows, so that a
 * consumer (an HTTP response, a file) holds one chunk at a time and the reads give the event loop a turn
 * between chunks. The HTTP route and the command-line tool share them, so both write the same bytes.
 */

export interface StatementExportOptions {
  /** The database; the export reads one snapshot of it, on a connection of its own where the engine has one. */
  db: AppDatabase;
  filters: StatementFilters;
  /** As in the query: date, -date, updatedAt, title, relevance… */
  sort: string;
  lang: Lang;
  format: ExportFormat;
  bom: boolean;
  /** The moment of generation (meta.generatedAt and the file name agree on it). */
  generatedAt: Date;
  signal?: AbortSignal;
  chunkSize?: number;
}

export const BOM = '\uFEFF';

/** The UTC day, for file names. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function statementExportFilename(format: ExportFormat, at: Date): string {
  return `econsec-statements-${utcDay(at)}.${format}`;
}

export function datasetExportFilename(at: Date): string {
  return `econsec-dataset-${utcDay(at)}.json`;
}

/** Whose words these are: the briefing's (quoted from the ministries' releases), and which labels are ours. */
export function attribution(provenance: BriefingProvenance[], lang: Lang): string {
  if (lang === 'ja') {
    const sources = provenance.map((p) => `『${p.title}』（${p.date}、${p.issuer}${p.citation ? `。出典：${p.citation}` : ''}）`).join('、');
    return (
      `${sources ? `声明本文は${sources}からの原文どおりの引用です。` : ''}` +
      '英語のラベル・名称の英訳は econsec-api によるもので、省の公式訳ではありません。'
    );
  }
  const sources = provenance.map((p) => `“${p.title}” (${p.date}, ${p.issuer}${p.citation ? `; source line: ${p.citation}` : ''})`).join(', ');
  return (
    `${sources ? `Statement texts are quoted verbatim, in Japanese, from ${sources}. ` : ''}` +
    'English labels and the English forms of names are translations by econsec-api, not the ministry’s.'
  );
}

/** One CSV record per statement; the columns of `csvColumns`, in order. */
export function statementCsvRecord(s: Statement): string {
  const row: Record<(typeof csvColumns)[number], CsvValue> = {
    id: s.id,
    date: s.date,
    kind: s.kind,
    kind_label: s.kindLabel,
    title: s.title,
    meeting_id: s.meeting.id,
    meeting_name: s.meeting.name,
    meeting_kind: s.meeting.kind,
    meeting_start_date: s.meeting.startDate,
    meeting_end_date: s.meeting.endDate,
    representative: s.meeting.representative,
    partner_codes: joinCsvValues(s.partners.map((p) => p.code)),
    partner_names: joinCsvValues(s.partners.map((p) => p.name)),
    theme_ids: joinCsvValues(s.themes.map((th) => th.id)),
    theme_labels: joinCsvValues(s.themes.map((th) => th.label)),
    highlights: joinCsvValues(s.highlights.map((h) => h.text)),
    text: s.text,
    source_line: s.provenance.sourceLine,
    citation: s.provenance.citation,
    source_url: s.provenance.sourceUrl,
    source_title: s.provenance.sourceTitle,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
  return csvRecord(csvColumns.map((column) => row[column]));
}

/** The statement export in the requested format, read through a connection of its own when there is one. */
export function statementExportBody(options: StatementExportOptions): AsyncGenerator<string> {
  return engineOf(options.db).readSnapshot((db) => formatStatements(db, options));
}

async function* formatStatements(db: Parameters<typeof statementExportReader>[0], o: StatementExportOptions): AsyncGenerator<string> {
  const reader = await statementExportReader(db, o.filters);
  const chunks = reader.chunks(parseSort(o.sort, '-date') as ExportSort, o.lang, { signal: o.signal, chunkSize: o.chunkSize });
  switch (o.format) {
    case 'json': {
      // The header is read first, in the same snapshot as the rows: `count` is the number of items that follow.
      const header = await reader.header(o.lang, o.signal);
      const meta: StatementExportMeta = {
        datasetVersion: header.datasetVersion,
        generatedAt: o.generatedAt.toISOString(),
        count: header.count,
        lang: o.lang,
        sort: o.sort,
        filters: o.filters,
        provenance: header.provenance,
        attribution: attribution(header.provenance, o.lang),
      };
      yield `{"meta":${JSON.stringify(meta)},"data":[`;
      yield* jsonArrayItems(chunks);
      yield '\n]}\n';
      return;
    }
    case 'ndjson':
      for await (const chunk of chunks) yield chunk.map((statement) => `${JSON.stringify(statement)}\n`).join('');
      return;
    case 'csv':
      yield (o.bom ? BOM : '') + csvRecord(csvColumns);
      for await (const chunk of chunks) yield chunk.map(statementCsvRecord).join('');
      return;
  }
}

export interface DatasetExportOptions {
  db: AppDatabase;
  briefingId: string;
  generatedAt: Date;
  signal?: AbortSignal;
  chunkSize?: number;
}

export const REIMPORT_NOTE =
  'POST this file to /v1/import (admin key; dryRun=true to check first): it creates, updates or leaves each record, all ' +
  'or nothing. Or drop `meta`: the rest is a seed dataset (src/schemas/seed.ts) that seedDatasetSchema validates and ' +
  'seedDatabase loads into a freshly migrated database. Not carried: timestamps (rows get new ones), soft-deleted rows, ' +
  'statements of other briefings (see omitted), the revision history and API keys. Evidence passages are located again ' +
  'at their first occurrence, highlights in order.';

/** dataset.json: the seed shape plus `meta`, meetings and statements streamed in chunks. */
export function datasetExportBody(options: DatasetExportOptions): AsyncGenerator<string> {
  return engineOf(options.db).readSnapshot(async function* (db) {
    const head = await datasetHead(db, options.briefingId);
    const vocabulary = datasetVocabulary(head);
    const provenance = await datasetProvenance(db, options.briefingId, 'en');
    const meta = {
      format: 'econsec-seed',
      datasetVersion: await datasetVersion(db),
      generatedAt: options.generatedAt.toISOString(),
      briefingId: options.briefingId,
      briefingIds: head.briefingIds,
      counts: head.counts,
      omitted: head.omitted,
      reimport: REIMPORT_NOTE,
      attribution: attribution(provenance, 'en'),
    };
    const json = JSON.stringify;
    yield `{"meta":${json(meta)},\n"version":${json(head.version)},\n"briefing":${json(head.briefing)},\n` +
      `"partners":${json(head.partners)},\n"memberships":${json(head.memberships)},\n"themes":${json(head.themes)},\n"meetings":[`;
    const chunkOptions = { signal: options.signal, chunkSize: options.chunkSize };
    yield* jsonArrayItems(datasetMeetingChunks(db, options.briefingId, vocabulary, chunkOptions));
    yield '\n],\n"statements":[';
    yield* jsonArrayItems(datasetStatementChunks(db, options.briefingId, vocabulary, chunkOptions));
    yield '\n]}\n';
  });
}

/** The items of a JSON array, one per line, a chunk at a time. */
async function* jsonArrayItems(chunks: AsyncIterable<unknown[]>): AsyncGenerator<string> {
  let separator = '\n';
  for await (const chunk of chunks) {
    let piece = '';
    for (const item of chunk) {
      piece += separator + JSON.stringify(item);
      separator = ',\n';
    }
    yield piece;
  }
}
