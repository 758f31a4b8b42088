// npm test's vitest part: the whole suite on SQLite, then again on PostgreSQL (ECONSEC_TEST_ENGINE=postgres, each
// test on a database of its own copied from the migrated template; tests/helpers/test-engine.ts lists the files
// about SQLite itself that the second pass leaves out). The second pass needs a server in ECONSEC_TEST_POSTGRES_URL
// (bash scripts/postgres-cluster.sh run -- npm test starts one); without it the pass is skipped with a message, or
// fails when CI is set, so that CI cannot stop testing PostgreSQL unnoticed. Arguments go to both vitest runs.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

function vitest(engine) {
  process.stderr.write(`\n=== vitest on ${engine} ===\n`);
  const result = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env: { ...process.env, ECONSEC_TEST_ENGINE: engine } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const sqlite = vitest('sqlite');
if (sqlite !== 0) process.exit(sqlite);

if (!process.env.ECONSEC_TEST_POSTGRES_URL?.trim()) {
  const how = 'bash scripts/postgres-cluster.sh run -- npm test';
  if (inCi) {
    process.stderr.write(`\nCI is set but ECONSEC_TEST_POSTGRES_URL is not: the PostgreSQL pass cannot run. Run ${how}.\n`);
    process.exit(1);
  }
  process.stderr.write(`\nPostgreSQL pass SKIPPED: ECONSEC_TEST_POSTGRES_URL is not set. Run ${how} to test both engines.\n`);
  process.exit(0);
}
process.exit(vitest('postgres'));
