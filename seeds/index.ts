import { seedDatasetSchema, type SeedDataset } from '../src/schemas/seed.js';
import { briefing } from './data/briefing.js';
import { meetings } from './data/meetings.js';
import { memberships, partners } from './data/partners.js';
import { statements } from './data/statements.js';
import { themes } from './data/themes.js';

/**
 * The transcribed briefing. Bump `version` whenever the data changes: the loader records each version it
 * applies and inserts only rows that are missing, so a row edited through the API is never overwritten.
 */
export const SEED_VERSION = '2026-06-15.1';

/** Parsed (and so validated) once, at the first call, never at import time. */
export function loadSeedDataset(): SeedDataset {
  return seedDatasetSchema.parse({ version: SEED_VERSION, briefing, partners, memberships, themes, meetings, statements });
}
