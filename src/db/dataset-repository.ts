import { sql } from 'drizzle-orm';
import type { AppDatabase } from './client.js';

/**
 * When anything a reader can see last changed: the newest updated_at of the tables behind the read API.
 * Each max() is answered from an index or a small table. Used for Last-Modified.
 */
export function datasetLastModified(db: AppDatabase): string | null {
  const row = db.get<{ at: string | null }>(
    sql`SELECT max(at) AS at FROM (
          SELECT max(updated_at) AS at FROM statements
          UNION ALL SELECT max(updated_at) FROM meetings
          UNION ALL SELECT max(updated_at) FROM partners
          UNION ALL SELECT max(updated_at) FROM partner_memberships
          UNION ALL SELECT max(updated_at) FROM themes
          UNION ALL SELECT max(updated_at) FROM briefings)`,
  );
  return row?.at ?? null;
}

const versionReaders = new WeakMap<object, () => string>();

/**
 * A value that changes whenever the data may have: PRAGMA data_version moves when another connection
 * commits (a CLI, an import in another process), total_changes() when this connection changes any row.
 * Two cheap reads, no table touched: fit for every request.
 */
export function dataVersion(db: AppDatabase): string {
  let read = versionReaders.get(db.$client);
  if (!read) {
    const data = db.$client.prepare('PRAGMA data_version').pluck();
    const changes = db.$client.prepare('SELECT total_changes()').pluck();
    read = () => `${String(data.get())}:${String(changes.get())}`;
    versionReaders.set(db.$client, read);
  }
  return read();
}
