// npm test's vitest part: the whole suite on SQLite, then again on PostgreSQL (ECONSEC_TEST_ENGINE=postgres, each
// test on a database of its own copied from the migrated template; tests/helpers/test-engine.ts lists the files
// about SQLite itself that the second pass leaves out). The second pass runs on the server ECONSEC_TEST_POSTGRES_URL
// names or, when PostgreSQL's programs are installed (Debian's postgresql package), on a throwaway cluster that
// scripts/postgres-cluster.sh starts for it and removes after it. With neither the pass is skipped with a message,
// or fails when CI is set, so that CI cannot stop testing PostgreSQL unnoticed. Arguments go to both vitest runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

function vitest(engine) {
  process.stderr.write(`\n=== vitest on ${engine} ===\n`);
  const result = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env: { ...process.env, ECONSEC_TEST_ENGINE: engine } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Whether a throwaway cluster can be started here: Debian keeps the server's programs out of PATH. */
function postgresInstalled() {
  const debian = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`));
  return debian || spawnSync('sh', ['-c', 'command -v initdb'], { stdio: 'ignore' }).status === 0;
}

// No server named, but one can be started: both passes run inside a throwaway cluster (the SQLite pass has
// PostgreSQL suites of its own too, the engine's and the migrations').
if (!process.env.ECONSEC_TEST_POSTGRES_URL?.trim() && postgresInstalled()) {
  const inCluster = spawnSync('bash', ['scripts/postgres-cluster.sh', 'run', '--', process.execPath, 'scripts/test-engines.mjs', ...args], { stdio: 'inherit' });
  if (inCluster.error) throw inCluster.error;
  process.exit(inCluster.status ?? 1);
}

const sqlite = vitest('sqlite');
if (sqlite !== 0) process.exit(sqlite);

if (!process.env.ECONSEC_TEST_POSTGRES_URL?.trim()) {
  const how = "install PostgreSQL's server programs (Debian: apt-get install postgresql), or set ECONSEC_TEST_POSTGRES_URL";
  if (inCi) {
    process.stderr.write(`\nCI is set but ECONSEC_TEST_POSTGRES_URL is not: the PostgreSQL pass cannot run: ${how}.\n`);
    process.exit(1);
  }
  process.stderr.write(`\nPostgreSQL pass SKIPPED: ECONSEC_TEST_POSTGRES_URL is not set; to test both engines, ${how}.\n`);
  process.exit(0);
}
process.exit(vitest('postgres'));
