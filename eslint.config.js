// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SQLITE_DRIVER = { name: 'better-sqlite3', message: 'SQLite is behind the engine seam: use engineOf(db) (src/db/engine.ts).' };
const SQLITE_INTERNALS = {
  regex: 'db/sqlite/(?!schema\\.js$)',
  message: 'SQLite is behind the engine seam: use engineOf(db) and the AppDatabase type from src/db/engine.ts.',
};
const QUERY_BUILDER = { name: 'drizzle-orm', message: "Queries belong in a module's queries or writes, or under src/db/." };

export default tseslint.config(
  // dist/: the bundle scripts/build.mjs writes (npm start), generated from src/. tests/client/generated/: the
  // types tests/api/generated-client.test.ts generates from openapi/openapi.json.
  { ignores: ['node_modules/', 'data/', 'coverage/', 'openapi/', '.scratch/', 'dist/', 'tests/client/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', structuredClone: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    // Queries are awaited on every engine (PostgreSQL's driver is asynchronous; better-sqlite3's builders are thenable
    // too): a query or loader whose promise is dropped or tested as a value would silently do nothing or always pass.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The engine seam (src/db/engine.ts, docs/architecture.md): above src/db/, nothing speaks to SQLite itself.
    // Only the tables are shared; transactions, the data version, search and snapshot reads go through engineOf(db).
    files: ['src/app.ts', 'src/platform/**/*.ts', 'src/modules/**/*.ts'],
    ignores: ['src/platform/openapi-document.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [SQLITE_DRIVER], patterns: [SQLITE_INTERNALS] }] },
  },
  {
    // Queries live in a feature's query and write files or under src/db/: routes, schemas and the platform
    // never build SQL. (A later block replaces the rule: the seam's restrictions are repeated here.)
    files: ['src/app.ts', 'src/server.ts', 'src/platform/**/*.ts', 'src/modules/**/routes.ts', 'src/modules/**/*schemas.ts'],
    ignores: ['src/server.ts', 'src/platform/openapi-document.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [SQLITE_DRIVER, QUERY_BUILDER], patterns: [SQLITE_INTERNALS] }] },
  },
  {
    files: ['src/server.ts', 'src/platform/openapi-document.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [QUERY_BUILDER] }] },
  },
);
