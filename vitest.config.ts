import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each file builds its own app on its own in-memory database, so files can run in parallel.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
