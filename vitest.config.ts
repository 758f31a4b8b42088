import { configDefaults, defineConfig } from 'vitest/config';
import { SQLITE_ONLY_FILES, TEST_ENGINE } from './tests/helpers/test-engine.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The PostgreSQL pass (ECONSEC_TEST_ENGINE=postgres) leaves out the files that are about SQLite itself.
    exclude: [...configDefaults.exclude, ...(TEST_ENGINE === 'postgres' ? Object.keys(SQLITE_ONLY_FILES) : [])],
    // Each file builds its own app on its own database (in memory, or copied from PostgreSQL's template), so files
    // can run in parallel.
    pool: 'forks',
    // With ECONSEC_TEST_POSTGRES_URL, the migrated template the PostgreSQL tests copy (tests/helpers/postgres.ts).
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
