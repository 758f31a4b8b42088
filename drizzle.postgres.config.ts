import { defineConfig } from 'drizzle-kit';

// Only drizzle-kit reads this file (npm run db:generate:postgres); the server applies migrations itself
// (src/db/postgres/client.ts migratePostgres). The SQLite side is drizzle.config.ts, with its own folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/schema.ts',
  out: './migrations-postgres',
});
