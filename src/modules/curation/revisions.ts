import { asc, and, eq } from 'drizzle-orm';
import type { Revision } from './schemas.js';
import type { AppDatabase } from '../../db/engine.js';
import type { RevisionResource } from '../../db/lifecycle.js';
import { revisions } from '../../db/sqlite/schema.js';

/** The history of one record, oldest first. Revisions are written by the life cycle (src/db/lifecycle.ts). */
export async function listRevisions(db: AppDatabase, resource: RevisionResource, resourceId: string): Promise<Revision[]> {
  const rows = await db
    .select()
    .from(revisions)
    .where(and(eq(revisions.resource, resource), eq(revisions.resourceId, resourceId)))
    .orderBy(asc(revisions.id));
  return rows.map((row) => ({
    id: row.id,
    resource: row.resource,
    resourceId: row.resourceId,
    operation: row.operation,
    apiKey: row.apiKeyName,
    via: row.via,
    at: row.at,
    before: row.before ?? null,
    after: row.after ?? null,
  }));
}
