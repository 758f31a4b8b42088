import { defineConfig } from 'drizzle-kit';

// Only drizzle-kit reads this file (npm run db:generate); the server applies migrations itself.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/sqlite/schema.ts',
  out: './migrations',
});
