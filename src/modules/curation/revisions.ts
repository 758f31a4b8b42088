import { asc, and, eq } from 'drizzle-orm';
import type { Revision } from './schemas.js';
import type { ApiKeyIdentity } from '../api-keys/queries.js';
import type { AppDatabase } from '../../db/sqlite/client.js';
import { revisions } from '../../db/sqlite/schema.js';

export type RevisionResource = Revision['resource'];
export type RevisionOperation = Revision['operation'];

/** Who makes a change, and how it arrived. */
export interface Actor {
  apiKey: ApiKeyIdentity | null;
  via: 'api' | 'import';
}

export function recordRevision(
  db: AppDatabase,
  entry: { resource: RevisionResource; resourceId: string; operation: RevisionOperation; before: unknown; after: unknown },
  actor: Actor,
): void {
  db.insert(revisions)
    .values({
      resource: entry.resource,
      resourceId: entry.resourceId,
      operation: entry.operation,
      apiKeyId: actor.apiKey?.id ?? null,
      apiKeyName: actor.apiKey?.name ?? null,
      via: actor.via,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

export function listRevisions(db: AppDatabase, resource: RevisionResource, resourceId: string): Revision[] {
  return db
    .select()
    .from(revisions)
    .where(and(eq(revisions.resource, resource), eq(revisions.resourceId, resourceId)))
    .orderBy(asc(revisions.id))
    .all()
    .map((row) => ({
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
