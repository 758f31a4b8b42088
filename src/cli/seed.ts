import { loadSeedDataset } from '../../seeds/index.js';
import { closeDatabase } from '../db/sqlite/client.js';
import { seedDatabase } from '../db/seed.js';
import { openConfiguredDatabase } from './open-configured-database.js';

// npm run db:seed — applies the seed version if this database has not had it (the server also does this).
const { db, path } = openConfiguredDatabase();
const result = await seedDatabase(db, loadSeedDataset());
closeDatabase(db);
process.stdout.write(
  result.applied
    ? `seed ${result.version} applied to ${path}: ${result.rowsInserted} rows inserted\n`
    : `seed ${result.version} was already applied to ${path}: nothing to do\n`,
);
