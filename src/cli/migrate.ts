import { closeDatabase } from '../db/sqlite/client.js';
import { openConfiguredDatabase } from './open-configured-database.js';

// npm run db:migrate — applies pending migrations to DATABASE_PATH (the server also does this on start).
const { db, path } = openConfiguredDatabase();
closeDatabase(db);
process.stdout.write(`migrations applied to ${path}\n`);
