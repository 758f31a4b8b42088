import { sql } from 'drizzle-orm';
import type { AppDatabase } from './sqlite/client.js';

/**
 * When anything a reader can see last changed: the newest updated_at of the tables behind the read API.
 * Each max() is answered from an index or a small table. Used for Last-Modified.
 */
export function datasetLastModified(db: AppDatabase): string | null {
  // Asked on every request that is not answered from memory: remembered until the data version moves.
  const version = dataVersion(db);
  const known = lastModifiedByClient.get(db.$client);
  if (known?.version === version) return known.at;
  const row = db.get<{ at: string | null }>(
    sql`SELECT max(at) AS at FROM (
          SELECT max(updated_at) AS at FROM statements
          UNION ALL SELECT max(updated_at) FROM meetings
          UNION ALL SELECT max(updated_at) FROM partners
          UNION ALL SELECT max(updated_at) FROM partner_memberships
          UNION ALL SELECT max(updated_at) FROM themes
          UNION ALL SELECT max(updated_at) FROM briefings)`,
  );
  const at = row?.at ?? null;
  lastModifiedByClient.set(db.$client, { version, at });
  return at;
}

const lastModifiedByClient = new WeakMap<object, { version: string; at: string | null }>();

const versionReaders = new WeakMap<object, () => string>();

/**
 * A value that changes whenever the data may have: PRAGMA data_version moves when another connection
 * commits (a CLI, an import in another process), total_changes() when this connection changes any row.
 * Two prepared reads (about 4 µs), no table touched: fit for every request.
 */
export function dataVersion(db: AppDatabase): string {
  let read = versionReaders.get(db.$client);
  if (!read) {
    // Two statements: one reading both (through pragma_data_version) is slower than the pair.
    const data = db.$client.prepare('PRAGMA data_version').pluck();
    const changes = db.$client.prepare('SELECT total_changes()').pluck();
    read = () => `${String(data.get())}:${String(changes.get())}`;
    versionReaders.set(db.$client, read);
  }
  return read();
}
