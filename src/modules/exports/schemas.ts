import { z } from 'zod';
import { isoDateSchema, slugSchema } from '../../schemas/common.js';
import { booleanParam, checkDateRange, langParam, langSchema, sortParam } from '../../schemas/query.js';
import { timestampSchema } from '../../schemas/refs.js';
import { seedDatasetSchema } from '../../schemas/seed.js';
import { checkStatementSort, statementFilterShape, statementSchema, statementSort } from '../statements/schemas.js';

/**
 * Bulk exports. The statement export takes every filter of /v1/statements (the same shape, so a filter
 * added there is an export filter too), the same sort keys and `lang`, plus the file format.
 */

export const exportFormats = ['json', 'ndjson', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportMediaTypes = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  // RFC 4180 §3: header=present says the first row names the columns.
  csv: 'text/csv; charset=utf-8; header=present',
} as const satisfies Record<ExportFormat, string>;

/** The CSV columns, in order. Multi-valued cells join their values with `;` (see CSV_DESCRIPTION). */
export const csvColumns = [
  'id',
  'date',
  'kind',
  'kind_label',
  'title',
  'meeting_id',
  'meeting_name',
  'meeting_kind',
  'meeting_start_date',
  'meeting_end_date',
  'representative',
  'partner_codes',
  'partner_names',
  'theme_ids',
  'theme_labels',
  'highlights',
  'text',
  'source_line',
  'citation',
  'source_url',
  'source_title',
  'created_at',
  'updated_at',
] as const;

const CSV_DESCRIPTION =
  'RFC 4180: comma-separated, CRLF line ends, a field quoted (with "" for a quote) when it holds a comma, quote or ' +
  `line break; UTF-8, with a byte-order mark when bom=true (for Excel). The first row names the columns: ${csvColumns.join(', ')}. ` +
  'Multi-valued cells (partner_codes, partner_names, theme_ids, theme_labels, highlights) join their values with ";" in ' +
  'the same order, a ";" or "\\" inside a value being escaped as "\\;" or "\\\\". An empty cell is null or an empty list. ' +
  'Labels (kind_label, title, meeting_name, representative, partner_names, theme_labels) follow `lang`; text is the Japanese original. ' +
  'source_line and citation are set for statements transcribed from a briefing, source_url and source_title for those with a source of their own.';

const NDJSON_DESCRIPTION =
  'One Statement object (the schema of GET /v1/statements/{id}) per line, each line ending with \\n; no envelope, ' +
  'nothing else. Every line is a complete JSON document, so a reader can process the file line by line.';

const formatParam = z
  .enum(exportFormats)
  .optional()
  .describe('File format: json (default) — one document with `meta` and `data`; ndjson — one statement per line; csv — one row per statement.')
  .meta({ examples: ['csv'], default: 'json' });

const bomParam = booleanParam(
  'csv only: true starts the file with a UTF-8 byte-order mark, which Excel needs to read UTF-8. Default false.',
  false,
  true,
);

export const statementExportQuerySchema = z
  .strictObject({
    ...statementFilterShape,
    format: formatParam,
    bom: bomParam,
    sort: sortParam(statementSort.keys, statementSort.default, statementSort.description),
    lang: langParam,
  })
  // The list's own rules, then the export's.
  .superRefine(checkDateRange)
  .superRefine(checkStatementSort)
  .superRefine((query, ctx) => {
    // A BOM is not allowed in JSON (RFC 8259 §8.1), and NDJSON readers split on lines: refuse rather than ignore.
    if (query.bom && query.format !== 'csv') ctx.addIssue({ code: 'custom', path: ['bom'], message: 'applies to format=csv only' });
  });


export const datasetVersionSchema = z
  .object({
    seedVersion: z.string().nullable().describe('The newest seed version applied to the database.'),
    lastModified: timestampSchema.nullable().describe('When the data last changed (the Last-Modified of /v1).'),
  })
  .meta({ id: 'DatasetVersion', description: 'Which state of the data an export holds.' });

export const exportProvenanceSchema = z
  .object({
    briefingId: z.string(),
    title: z.string(),
    date: isoDateSchema,
    issuer: z.string(),
    sourceFile: z.string().describe('The briefing as received, under seeds/source/.'),
    sourceSha256: z.string().describe('SHA-256 of that file.'),
    citation: z.string().nullable().describe('The source line the briefing gives for its statements, verbatim.'),
  })
  .meta({ id: 'ExportProvenance', description: 'A document the exported statements were transcribed from.' });

export const statementExportMetaSchema = z
  .object({
    datasetVersion: datasetVersionSchema,
    generatedAt: timestampSchema.describe('When the export was generated (UTC).'),
    count: z.int().min(0).describe('How many statements `data` holds.'),
    lang: langSchema.describe('The language of the labels.'),
    sort: z.string().describe('The order of `data`.'),
    filters: z.object(statementFilterShape).describe('The filters applied, as parsed (codes upper-cased, lists split).'),
    provenance: z.array(exportProvenanceSchema).describe('The briefings the exported statements come from.'),
    attribution: z.string().describe('Whose words these are, and whose translations.'),
  })
  .meta({ id: 'StatementExportMeta', description: 'What the export holds and where it comes from.' });

export const statementExportSchema = z
  .object({
    meta: statementExportMetaSchema,
    data: z.array(statementSchema).describe('The statements, in the requested order.'),
  })
  .meta({ id: 'StatementExport', description: 'A statement export in format=json.' });

export type StatementExportMeta = z.infer<typeof statementExportMetaSchema>;

/** The documented 200 answer of the statement export: one schema per format. */
export const statementExportResponse = {
  description:
    'The export, streamed (chunked transfer encoding), as an attachment: ' +
    'Content-Disposition: attachment; filename="econsec-statements-YYYY-MM-DD.json|ndjson|csv" (the UTC day of generation). ' +
    'A weak ETag covers the data version and the query; send If-None-Match to get 304.',
  content: {
    'application/json': { schema: statementExportSchema },
    'application/x-ndjson': { schema: z.string().describe(NDJSON_DESCRIPTION) },
    'text/csv': { schema: z.string().describe(CSV_DESCRIPTION) },
  },
};

/* ---------- dataset.json ---------- */

export const datasetExportQuerySchema = z.strictObject({
  briefing: slugSchema
    .optional()
    .describe('The briefing whose statements the file holds. Needed only when the database holds more than one; each file is a complete seed.')
    .meta({ examples: ['economic-security-policy-2026-06-15'] }),
});

export const datasetExportMetaSchema = z
  .object({
    format: z.literal('econsec-seed').describe('The seed shape of src/schemas/seed.ts, plus this block.'),
    datasetVersion: datasetVersionSchema,
    generatedAt: timestampSchema,
    briefingId: z.string().describe('The briefing whose statements this file holds.'),
    briefingIds: z.array(z.string()).describe('Every briefing in the database; export the others with briefing=.'),
    counts: z
      .object({
        partners: z.int().min(0),
        memberships: z.int().min(0),
        themes: z.int().min(0),
        meetings: z.int().min(0),
        statements: z.int().min(0),
      })
      .describe('How many of each the file holds.'),
    omitted: z
      .object({
        statementsOutsideBriefing: z
          .int()
          .min(0)
          .describe('Live statements not in this file: those of other briefings (export them with briefing=). Statements with a source of their own are in every file.'),
        deleted: z
          .object({ statements: z.int().min(0), meetings: z.int().min(0), partners: z.int().min(0), themes: z.int().min(0) })
          .describe('Soft-deleted rows, which reads do not show either.'),
      })
      .describe('What the seed shape cannot hold and the file therefore leaves out.'),
    reimport: z.string().describe('How to load the file again.'),
    attribution: z.string(),
  })
  .meta({ id: 'DatasetExportMeta', description: 'What the dataset file holds and how to load it again.' });

export const datasetExportSchema = z
  .strictObject({ meta: datasetExportMetaSchema, ...seedDatasetSchema.shape })
  .meta({
    id: 'DatasetExport',
    description:
      'Every resource with its relations in the seed shape: drop `meta` and the rest validates against the seed schema and loads ' +
      'into a fresh database with the seed loader. Passages (highlights, evidence) are text, which the loader locates again.',
  });
