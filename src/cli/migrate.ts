import { openConfiguredDatabase } from './open-configured-database.js';

// npm run db:migrate — applies pending migrations to the configured database (the server also does this on start).
const { location, close } = await openConfiguredDatabase();
await close();
process.stdout.write(`migrations applied to ${location}\n`);
