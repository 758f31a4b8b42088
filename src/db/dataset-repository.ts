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
