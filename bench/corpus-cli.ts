import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSeedDataset } from '../seeds/index.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../src/db/sqlite/client.js';
import { seedDatabase } from '../src/db/seed.js';
import { insertSyntheticCorpus } from './synthetic-corpus.js';

// npm run bench:corpus -- --statements 100000 --out FILE [--seed N] [--force]
// Builds a separate database for benchmarks: migrated, seeded with the briefing, then N synthetic statements
// (ids synthetic-…) composed from the briefing's own sentences. Never touches DATABASE_PATH.
const usage = 'usage: npm run bench:corpus -- --statements N --out FILE [--seed N] [--force]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      statements: { type: 'string', default: '100000' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (!/^\d{1,7}$/.test(values.statements) || Number(values.statements) < 1) fail('--statements: must be a whole number from 1 to 9999999');
if (!/^\d{1,9}$/.test(values.seed)) fail('--seed: must be a whole number');
if (!values.out || values.out === ':memory:') fail('--out: a database file to create is required');
if (existsSync(values.out)) {
  if (!values.force) fail(`--out: ${values.out} exists; pass --force to replace it`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${values.out}${suffix}`, { force: true });
}

const started = performance.now();
const db = openDatabase(values.out);
try {
  migrateDatabase(db);
  const dataset = loadSeedDataset();
  await seedDatabase(db, dataset);
  const result = insertSyntheticCorpus(db, dataset, { statements: Number(values.statements), seed: Number(values.seed) });
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `wrote ${values.out}: ${result.statements} synthetic statements in ${result.meetings} meetings ` +
      `(${result.rowsInserted} rows) plus the briefing's ${dataset.statements.length}, in ${seconds} s ` +
      `(inserts ${(result.insertMs / 1000).toFixed(1)} s, search index ${(result.indexMs / 1000).toFixed(1)} s)\n`,
  );
} finally {
  closeDatabase(db);
}
