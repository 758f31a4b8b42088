import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { closeDatabase, migrateDatabase, openDatabase } from '../db/sqlite/client.js';

/** The OpenAPI document as the app generates it, serialised the way openapi/openapi.json is committed. */
export async function generateOpenApiDocument(): Promise<string> {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), db });
  try {
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    closeDatabase(db);
  }
}

export const OPENAPI_FILE = new URL('../../openapi/openapi.json', import.meta.url);
