import { loadSeedDataset } from '../../seeds/index.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { seedDatabase } from '../db/seed.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../db/sqlite/client.js';
import { addRequestExamples } from './openapi-request-examples.js';
import { addResponseExamples } from './openapi-response-examples.js';

/**
 * The OpenAPI document as the app generates it, serialised the way openapi/openapi.json is committed. The
 * database is the seeded briefing, so that the examples are its real answers (openapi-response-examples.ts) and
 * requests (openapi-request-examples.ts).
 */
export async function generateOpenApiDocument(): Promise<string> {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDatabase(db, loadSeedDataset());
  // One client sending its requests as fast as it can, on a machine that may be busy: without the rate limits and
  // load shedding, which would otherwise answer some of them 429 or 503 in place of the answers to record.
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', MAX_EVENT_LOOP_DELAY_MS: '0' });
  const app = await buildApp({ config, db });
  try {
    const document = app.swagger() as Parameters<typeof addResponseExamples>[1];
    await addResponseExamples(app, document);
    // After the GETs: the writes' examples change the data the GETs' answers show.
    await addRequestExamples(app, db, document as Parameters<typeof addRequestExamples>[2]);
    return `${JSON.stringify(document, null, 2)}\n`;
  } finally {
    await app.close();
    closeDatabase(db);
  }
}
