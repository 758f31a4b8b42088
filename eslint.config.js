// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // dist/: the bundle scripts/build.mjs writes (npm start), generated from src/.
  { ignores: ['node_modules/', 'data/', 'coverage/', 'openapi/', '.scratch/', 'dist/'] },
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
    // Queries live in a feature's query and write files or under src/db/: routes, schemas and the platform
    // never build SQL.
    files: ['src/app.ts', 'src/server.ts', 'src/platform/**/*.ts', 'src/modules/**/routes.ts', 'src/modules/**/*schemas.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'drizzle-orm', message: 'Queries belong in a module\'s queries or writes, or under src/db/.' }] },
      ],
    },
  },
);
