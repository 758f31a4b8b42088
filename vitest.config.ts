import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each file builds its own app on its own in-memory database, so files can run in parallel.
    pool: 'forks',
    // With ECONSEC_TEST_POSTGRES_URL, the migrated template the PostgreSQL tests copy (tests/helpers/postgres.ts).
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
