import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { resolveDatasetBriefing } from '../modules/exports/dataset-reads.js';
import { assertStatementFilters } from '../modules/exports/statement-chunks.js';
import { InvalidQueryError } from '../errors.js';
import { datasetExportBody, statementExportBody } from '../modules/exports/statement-export.js';
import { datasetExportQuerySchema, statementExportQuerySchema } from '../modules/exports/schemas.js';
import { openConfiguredDatabase } from './open-configured-database.js';

/**
 * npm run export -- [--format json|ndjson|csv] [--bom] [filters…] [--out FILE]
 * npm run export -- --dataset [--briefing ID] [--out FILE]
 *
 * The same exports as GET /v1/export/statements and /v1/export/dataset.json, written to a file (or stdout
 * when --out is absent or -), from DATABASE_PATH. Flags are the query parameters (--partner FR --theme
 * export-controls --from 2026-01-01 …; repeated flags mean OR like a comma list), checked by the same zod
 * schema, so a bad flag is named with what it allows. The export reads one snapshot of the database; a file
 * is written under a temporary name and renamed at the end, so a failed export never leaves a file that
 * looks complete.
 */

const USAGE = `usage:
  npm run export -- [--format json|ndjson|csv] [--bom] [--sort -date] [--lang ja|en] [filters] [--out FILE]
  npm run export -- --dataset [--briefing ID] [--out FILE]
filters: the parameters of GET /v1/statements, as flags: --q, --partner, --partnerMatch, --theme, --kind,
  --meetingKind, --meeting, --representative, --from, --to, --updatedSince. --out - or no --out writes to stdout.`;

/** Every query parameter of both exports is a flag that takes a value; a repeated flag means OR, like a comma list. */
const FLAG_OPTIONS = {
  ...Object.fromEntries(
    [...Object.keys(statementExportQuerySchema.shape), ...Object.keys(datasetExportQuerySchema.shape), 'out'].map((name) => [
      name,
      { type: 'string', multiple: true } as const,
    ]),
  ),
  bom: { type: 'boolean' },
  dataset: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

class UsageError extends Error {}

/** parseArgs's errors, said the way the rest of the CLI names a flag: `--name: what is wrong`. */
const PARSE_ERRORS: Record<string, (message: string) => string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: (message) => `${/'(--?[^']*)'/.exec(message)?.[1] ?? 'a flag'}: unknown flag`,
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: (message) => {
    const name = /'(--[^ ']+)/.exec(message)?.[1] ?? 'a flag';
    return /does not take an argument/.test(message) ? `${name}: takes no value` : `${name}: needs a value`;
  },
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: (message) => `${/'([^']*)'/.exec(message)?.[1] ?? 'an argument'}: not a flag (flags look like --partner FR)`,
};

/** The flags as query parameters: --name value and --name=value; --bom, --dataset and --help take no value. */
function parseFlags(args: string[]): Map<string, string> {
  let values: Record<string, string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: FLAG_OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    const explain = PARSE_ERRORS[(err as NodeJS.ErrnoException).code ?? ''];
    if (explain) throw new UsageError(explain((err as Error).message));
    throw err;
  }
  const flags = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value === true) flags.set(name, 'true');
    else if (Array.isArray(value)) flags.set(name, value.join(','));
  }
  return flags;
}

/** zod issues as the flags the user typed. */
function flagErrors(error: { issues: { path: PropertyKey[]; message: string; code: string; keys?: string[] }[] }): string[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => `--${key}: unknown flag`)
      : [`--${String(issue.path[0] ?? '?')}: ${issue.message}`],
  );
}

function fail(lines: string[], showUsage = false): never {
  process.stderr.write(`${lines.join('\n')}\n${showUsage ? `${USAGE}\n` : ''}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let flags: Map<string, string>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) fail([err.message], true);
    throw err;
  }
  if (flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const out = flags.get('out');
  flags.delete('out');
  const dataset = flags.has('dataset');
  flags.delete('dataset');

  const query = Object.fromEntries(flags);
  const parsedDataset = dataset ? datasetExportQuerySchema.safeParse(query) : undefined;
  const parsedStatements = dataset ? undefined : statementExportQuerySchema.safeParse(query);
  const parseError = parsedDataset?.error ?? parsedStatements?.error;
  if (parseError) fail(flagErrors(parseError as Parameters<typeof flagErrors>[0]), true);

  const { db, close } = await openConfiguredDatabase();
  const generatedAt = new Date();
  let body: AsyncIterable<string>;
  try {
    if (parsedDataset?.data) {
      body = datasetExportBody({ db, briefingId: await resolveDatasetBriefing(db, parsedDataset.data.briefing), generatedAt });
    } else {
      const { format = 'json', bom, sort = '-date', lang = 'ja', ...filters } = parsedStatements!.data!;
      await assertStatementFilters(db, filters);
      body = statementExportBody({ db, filters, sort, lang, format, bom, generatedAt });
    }
  } catch (err) {
    if (err instanceof InvalidQueryError) fail(err.errors.map((e) => `--${e.name}: ${e.message}`));
    throw err;
  }

  const toFile = out !== undefined && out !== '-';
  const partial = `${out}.partial`;
  const destination: Writable = toFile ? createWriteStream(partial) : process.stdout;
  const started = performance.now();
  let bytes = 0;
  async function* counted(pieces: AsyncIterable<string>) {
    for await (const piece of pieces) {
      bytes += Buffer.byteLength(piece);
      yield piece;
    }
  }
  try {
    await pipeline(Readable.from(counted(body), { objectMode: false, highWaterMark: 64 * 1024 }), destination);
    if (toFile) renameSync(partial, out);
  } catch (err) {
    if (toFile) rmSync(partial, { force: true });
    // A reader that stopped early (| head) is not an error of the export.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
    throw err;
  } finally {
    await close();
  }
  if (toFile) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`wrote ${out}: ${bytes.toLocaleString('en')} bytes in ${seconds} s\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`export failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
