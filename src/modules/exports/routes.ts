import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDatabase } from '../../db/engine.js';
import { exportDataVersion } from './export-header.js';
import { assertStatementFilters } from './statement-chunks.js';
import { resolveDatasetBriefing } from './dataset-reads.js';
import { datasetExportBody, datasetExportFilename, statementExportBody, statementExportFilename } from './statement-export.js';
import { sendExport } from './export-reply.js';
import { answerLanguage } from '../../platform/reply-helpers.js';
import {
  datasetExportQuerySchema,
  datasetExportSchema,
  exportMediaTypes,
  statementExportQuerySchema,
  statementExportResponse,
} from './schemas.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';

export interface ExportRoutesOptions {
  db: AppDatabase;
  cacheMaxAge: number;
}

export const exportRoutes: FastifyPluginAsyncZod<ExportRoutesOptions> = async (app, { db, cacheMaxAge }) => {

  app.get(
    '/export/statements',
    {
      schema: {
        operationId: 'exportStatements',
        tags: ['exports'],
        summary: 'Export statements (JSON, NDJSON or CSV)',
        description:
          'Every statement matching the filters of /v1/statements (same parameters, same meaning, same sort keys), in one ' +
          'download: no paging. format=json is one document, `{ meta, data }`, whose meta gives the dataset version, the ' +
          'generation time, the count, the filters, the provenance and the attribution; ndjson is one Statement per line; csv ' +
          'is one row per statement with flattened columns. The answer is streamed from one consistent snapshot of the data ' +
          'while the server keeps answering other requests. A broken connection cuts the body short: check `meta.count` ' +
          '(json) or that the transfer completed.',
        querystring: statementExportQuerySchema,
        response: {
          200: statementExportResponse,
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
        },
      },
    },
    async (request, reply) => {
      const { format = 'json', bom, sort = '-date', lang: langParam, ...filters } = request.query;
      const lang = answerLanguage(request, reply, langParam);
      // Unknown codes are a 400 now, before anything is streamed.
      await assertStatementFilters(db, filters);
      const generatedAt = new Date();
      return sendExport(request, reply, {
        dataVersion: await exportDataVersion(db),
        variant: { export: 'statements', format, bom, sort, lang, filters },
        contentType: exportMediaTypes[format],
        filename: statementExportFilename(format, generatedAt),
        cacheMaxAge,
        body: (signal) => statementExportBody({ db, filters, sort, lang, format, bom, generatedAt, signal }),
      });
    },
  );

  app.get(
    '/export/dataset.json',
    {
      schema: {
        operationId: 'exportDataset',
        tags: ['exports'],
        summary: 'Export the whole dataset (backup and re-import)',
        description:
          'Every resource with its relations — the briefing with its cited sources, lesson and approach, the partners and ' +
          'memberships, the themes, the meetings and the statements with paragraphs, highlights, partners and themes with ' +
          'evidence — in the seed shape: drop `meta` and the seed loader loads the rest into a fresh database. Bilingual, so ' +
          'it takes no `lang`. Streamed, as an attachment (econsec-dataset-YYYY-MM-DD.json). `meta.omitted` counts what the ' +
          'seed shape cannot hold (soft-deleted rows, statements outside the briefing).',
        querystring: datasetExportQuerySchema,
        response: {
          200: { description: 'The dataset, streamed, as an attachment.', content: { 'application/json': { schema: datasetExportSchema } } },
          304: notModifiedResponse,
          400: problemResponse('A parameter is unknown or invalid, or the database holds several briefings and none was chosen.'),
        },
      },
    },
    async (request, reply) => {
      const briefingId = await resolveDatasetBriefing(db, request.query.briefing);
      const generatedAt = new Date();
      return sendExport(request, reply, {
        dataVersion: await exportDataVersion(db),
        variant: { export: 'dataset', briefingId },
        contentType: exportMediaTypes.json,
        filename: datasetExportFilename(generatedAt),
        cacheMaxAge,
        body: (signal) => datasetExportBody({ db, briefingId, generatedAt, signal }),
      });
    },
  );
};
