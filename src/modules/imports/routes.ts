import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { AppDatabase } from '../../db/engine.js';
import { importDataset, importStatements, type StatementLine } from './queries.js';
import { exportedStatementSchema, isExportedStatement, isStatementExport, statementExportImportSchema } from './exported-statements.js';
import { UnprocessableError } from '../../errors.js';
import { requireScope } from '../../platform/auth.js';
import { datasetExportMetaSchema } from '../exports/schemas.js';
import { seedDatasetSchema, seedStatementSchema } from '../../schemas/seed.js';
import { importQuerySchema, importReportSchema } from '../curation/schemas.js';
import { writeResponses } from '../curation/write-responses.js';
import { jsonResponse } from '../../schemas/problem.js';

/** Imports can be large: a whole dataset in one body. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const datasetImportSchema = z
  .strictObject({ meta: datasetExportMetaSchema.optional(), ...seedDatasetSchema.shape })
  .meta({ id: 'DatasetImport', description: 'The dataset file as GET /v1/export/dataset.json writes it (meta optional).' });

/** Either file; the document shows both (anyOf). */
const importBodySchema = z.union([datasetImportSchema, statementExportImportSchema]);

/**
 * The body is checked against the one shape it claims to be (a statement export has `data` and no `statements`),
 * so that a dataset file with a mistake gets the same 400 naming its fields as before the export was accepted,
 * rather than a union's "Invalid input".
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Fastify types a route's compiler by its whole schema object, though it is handed one part's schema.
const importBodyValidator: FastifySchemaCompiler<any> = (route) => {
  if (route.httpPart !== 'body') return validatorCompiler(route);
  const asDataset = validatorCompiler({ ...route, schema: datasetImportSchema });
  const asExport = validatorCompiler({ ...route, schema: statementExportImportSchema });
  return (data) => (isStatementExport(data) ? asExport : asDataset)(data);
};

type Issue = { path: PropertyKey[]; message: string };
const toViolations = (issues: Issue[], prefix = '') =>
  issues.map((issue) => ({ in: 'body' as const, name: `${prefix}/${issue.path.map(String).join('/')}`, message: issue.message }));

export const importRoutes: FastifyPluginAsyncZod<{ db: AppDatabase }> = async (app, { db }) => {
  const admin = requireScope(db, 'admin');
  // NDJSON bodies arrive as text; each line is parsed and checked below.
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/import',
    {
      onRequest: admin,
      bodyLimit: IMPORT_BODY_LIMIT,
      validatorCompiler: importBodyValidator,
      schema: {
        operationId: 'importDataset',
        tags: ['import'],
        summary: 'Import a dataset file',
        description:
          'Loads the file GET /v1/export/dataset.json writes (a backup, or data from another instance): every partner, ' +
          'theme, meeting and statement in it is created, updated or left unchanged. All or nothing, with the same ' +
          'rules as the write API (every violation listed in one 422); importing the same file twice changes nothing the ' +
          'second time. `dryRun=true` reports without writing. Needs a key with the admin scope. ' +
          'It also takes the file GET /v1/export/statements?format=json writes, in either `lang` (`{ meta, data }`): its ' +
          'statements are imported as by /v1/import/statements, so export → delete → import gives back the same answers.',
        security: [{ apiKey: [] }],
        querystring: importQuerySchema,
        body: importBodySchema,
        response: { 200: jsonResponse('The import report: what was (or, with dryRun, would be) created, updated or left unchanged.', importReportSchema), ...writeResponses(false) },
      },
    },
    async (request) => {
      const actor = { apiKey: request.apiKey, via: 'import' as const };
      if ('data' in request.body) {
        const lines = request.body.data.map((item, i): StatementLine => ({ shape: 'export', item, path: `/data/${i}` }));
        return await importStatements(db, lines, { dryRun: request.query.dryRun, actor });
      }
      const { meta: _meta, ...dataset } = request.body;
      // The shape was checked by the route; the cross-references (ids that must resolve, passages in the text) here.
      const checkedDataset = seedDatasetSchema.safeParse(dataset);
      if (!checkedDataset.success) throw new UnprocessableError(toViolations(checkedDataset.error.issues));
      return await importDataset(db, checkedDataset.data, { dryRun: request.query.dryRun, actor });
    },
  );

  app.post(
    '/import/statements',
    {
      onRequest: admin,
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        operationId: 'importStatements',
        tags: ['import'],
        summary: 'Import statements (NDJSON)',
        description:
          'One statement per line, each in the shape of the `statements` of the dataset file, or as GET ' +
          '/v1/export/statements?format=ndjson writes it (the API\'s Statement, lang=ja or en: ids and the Japanese originals are ' +
          'read, labels ignored; `title` sets the title of its language and the stored other one is kept), so export → delete → ' +
          'import gives back the same answers. Same all-or-nothing, ' +
          'idempotent behaviour and dry run as /v1/import; errors name the line (/line/3/…). Content-Type: application/x-ndjson. ' +
          'Needs a key with the admin scope.',
        consumes: ['application/x-ndjson'],
        security: [{ apiKey: [] }],
        querystring: importQuerySchema,
        body: z.string().describe('NDJSON: one statement object per line.'),
        response: { 200: jsonResponse('The import report for the lines: what was (or, with dryRun, would be) created, updated or left unchanged.', importReportSchema), ...writeResponses(false) },
      },
    },
    async (request) => {
      const violations: { in: 'body'; name: string; message: string }[] = [];
      const statements: StatementLine[] = request.body
        .split('\n')
        .map((line, i) => ({ line: line.trim(), number: i + 1 }))
        .filter(({ line }) => line !== '')
        .flatMap(({ line, number }): StatementLine[] => {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            violations.push({ in: 'body', name: `/line/${number}`, message: 'is not JSON' });
            return [];
          }
          const path = `/line/${number}`;
          // The export's shape is told by its nested meeting and provenance; anything else is read as the seed's.
          if (isExportedStatement(value)) {
            const exported = exportedStatementSchema.safeParse(value);
            if (exported.success) return [{ shape: 'export', item: exported.data, path }];
            violations.push(...toViolations(exported.error.issues, path));
            return [];
          }
          const parsed = seedStatementSchema.safeParse(value);
          if (!parsed.success) {
            violations.push(...toViolations(parsed.error.issues, path));
            return [];
          }
          return [{ shape: 'seed', item: parsed.data, path }];
        });
      if (statements.length === 0 && violations.length === 0) violations.push({ in: 'body', name: '/', message: 'holds no statements' });
      if (violations.length > 0) throw new UnprocessableError(violations);
      return await importStatements(db, statements, { dryRun: request.query.dryRun, actor: { apiKey: request.apiKey, via: 'import' } });
    },
  );
};
