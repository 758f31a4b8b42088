import { sql } from 'drizzle-orm';
import { engineOf, type AppDatabase } from './engine.js';

/**
 * When anything a reader can see last changed: the newest updated_at of the tables behind the read API.
 * Each max() is answered from an index or a small table. Used for Last-Modified.
 */
export async function datasetLastModified(db: AppDatabase): Promise<string | null> {
  // Asked on every request that is not answered from memory: remembered until the data version moves.
  const version = dataVersion(db);
  const known = rememberedLastModified(db, version);
  if (known !== undefined) return known;
  const row = await engineOf(db).row<{ at: string | null }>(
    sql`SELECT max(at) AS at FROM (
          SELECT max(updated_at) AS at FROM statements
          UNION ALL SELECT max(updated_at) FROM meetings
          UNION ALL SELECT max(updated_at) FROM partners
          UNION ALL SELECT max(updated_at) FROM partner_memberships
          UNION ALL SELECT max(updated_at) FROM themes
          UNION ALL SELECT max(updated_at) FROM briefings) AS latest`,
  );
  const at = row?.at ?? null;
  lastModifiedByClient.set(db.$client, { version, at });
  return at;
}

const lastModifiedByClient = new WeakMap<object, { version: string; at: string | null }>();

/**
 * What datasetLastModified last read, while the data version has not moved; undefined when it has (or it was never
 * read). For the caching hook, which asks on every request and so takes the answer from memory without a promise.
 */
export function rememberedLastModified(db: AppDatabase, version = dataVersion(db)): string | null | undefined {
  const known = lastModifiedByClient.get(db.$client);
  return known?.version === version ? known.at : undefined;
}

/**
 * A value that changes whenever the data may have, through this connection or any other: the engine's
 * (src/db/sqlite/engine.ts: PRAGMA data_version and total_changes(), about 4 µs), read on every request.
 */
export function dataVersion(db: AppDatabase): string {
  return engineOf(db).dataVersion();
}
