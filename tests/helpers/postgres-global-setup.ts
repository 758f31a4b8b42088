import { prepareTemplate } from './postgres-template.js';

/**
 * vitest's global setup: with ECONSEC_TEST_POSTGRES_URL set (scripts/postgres-cluster.sh run sets it, or point it
 * at a server of your own), makes sure that server has the migrated template the PostgreSQL tests copy, once for
 * the whole run. Without it, nothing: the PostgreSQL tests skip themselves, or fail in CI (tests/helpers/postgres.ts).
 */
export default async function setup(): Promise<void> {
  const url = process.env.ECONSEC_TEST_POSTGRES_URL?.trim();
  if (url) await prepareTemplate(url);
}
