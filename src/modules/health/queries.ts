import { desc } from 'drizzle-orm';
import type { AppDatabase } from '../../db/engine.js';
import { seedRuns } from '../../db/sqlite/schema.js';

/** Runs a real query; throws if the database cannot answer. Returns the newest seed version applied. */
export function checkDatabase(db: AppDatabase): { seedVersion: string | null } {
  const latest = db.select({ version: seedRuns.version }).from(seedRuns).orderBy(desc(seedRuns.appliedAt)).limit(1).get();
  return { seedVersion: latest?.version ?? null };
}
