import { desc } from 'drizzle-orm';
import type { AppDatabase } from '../../db/engine.js';
import { seedRuns } from '../../db/sqlite/schema.js';

/** Runs a real query; throws if the database cannot answer. Returns the newest seed version applied. */
export async function checkDatabase(db: AppDatabase): Promise<{ seedVersion: string | null }> {
  const [latest] = await db.select({ version: seedRuns.version }).from(seedRuns).orderBy(desc(seedRuns.appliedAt)).limit(1);
  return { seedVersion: latest?.version ?? null };
}
