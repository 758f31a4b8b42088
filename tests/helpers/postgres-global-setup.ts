import { existsSync } from 'node:fs';
import { prepareTemplate } from './postgres-template.js';
import { SQLITE_ONLY_FILES, TEST_ENGINE } from './test-engine.js';

/**
 * vitest's global setup: with ECONSEC_TEST_POSTGRES_URL set (scripts/postgres-cluster.sh run sets it, or point it
 * at a server of your own), makes sure that server has the migrated template the PostgreSQL tests copy, once for
 * the whole run. Without it, nothing: the PostgreSQL tests skip themselves, or fail in CI (tests/helpers/postgres.ts).
 * On the PostgreSQL pass it says which files that pass leaves out, and refuses a stale entry in that list.
 */
export default async function setup(): Promise<void> {
  const url = process.env.ECONSEC_TEST_POSTGRES_URL?.trim();
  if (TEST_ENGINE === 'postgres') {
    if (!url) throw new Error('ECONSEC_TEST_ENGINE=postgres needs ECONSEC_TEST_POSTGRES_URL (bash scripts/postgres-cluster.sh run -- npm run test:postgres)');
    const missing = Object.keys(SQLITE_ONLY_FILES).filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`tests/helpers/test-engine.ts lists SQLite-only files that do not exist: ${missing.join(', ')}`);
    process.stderr.write(
      `\n[PostgreSQL pass] SQLite-only, not run on PostgreSQL:\n${Object.entries(SQLITE_ONLY_FILES)
        .map(([file, reason]) => `  ${file}: ${reason}`)
        .join('\n')}\n\n`,
    );
  }
  if (url) await prepareTemplate(url);
}
