import { loadSeedDataset } from '../../seeds/index.js';
import { seedDatabase } from '../db/seed.js';
import { openConfiguredDatabase } from './open-configured-database.js';

// npm run db:seed — applies the seed version if this database has not had it (the server also does this).
const { db, location, close } = await openConfiguredDatabase();
const result = await seedDatabase(db, loadSeedDataset());
await close();
process.stdout.write(
  result.applied
    ? `seed ${result.version} applied to ${location}: ${result.rowsInserted} rows inserted\n`
    : `seed ${result.version} was already applied to ${location}: nothing to do\n`,
);
