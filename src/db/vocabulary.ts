import { sql } from 'drizzle-orm';
import { InvalidQueryError } from '../errors.js';
import type { AppDatabase } from './sqlite/client.js';

/**
 * Expansions used by the filters: a partner to the groups it belongs to (transitively: FR → EU → G7), and a
 * theme to its descendants. Unknown codes are reported as a 400 naming the parameter, so that a typo
 * (partner=FRA) is told apart from "no statements".
 */

function unknownValues(db: AppDatabase, table: 'partners' | 'themes' | 'meetings', column: 'code' | 'id', values: string[]): string[] {
  const known = db.all<{ value: string }>(
    sql`SELECT value FROM json_each(${JSON.stringify(values)})
         WHERE value IN (SELECT ${sql.identifier(column)} FROM ${sql.identifier(table)} WHERE deleted_at IS NULL)`,
  );
  const found = new Set(known.map((row) => row.value));
  return values.filter((value) => !found.has(value));
}

export function assertKnown(
  db: AppDatabase,
  param: string,
  what: { table: 'partners' | 'themes' | 'meetings'; column: 'code' | 'id'; noun: string; list: string },
  values: string[],
): void {
  const unknown = unknownValues(db, what.table, what.column, values);
  if (unknown.length > 0) {
    throw new InvalidQueryError(
      unknown.map((value) => ({ in: 'query' as const, name: param, message: `unknown ${what.noun} ${value}; see ${what.list}` })),
    );
  }
}

export function expandPartners(db: AppDatabase, param: string, codes: string[], match: 'groups' | 'direct'): string[] {
  assertKnown(db, param, { table: 'partners', column: 'code', noun: 'partner code', list: '/v1/partners' }, codes);
  if (match === 'direct') return codes;
  return db
    .all<{ code: string }>(
      sql`WITH RECURSIVE up(code) AS (
            SELECT value FROM json_each(${JSON.stringify(codes)})
            UNION SELECT m.group_code FROM partner_memberships m JOIN up ON m.member_code = up.code)
          SELECT code FROM up`,
    )
    .map((row) => row.code);
}

export function expandThemes(db: AppDatabase, param: string, ids: string[]): string[] {
  assertKnown(db, param, { table: 'themes', column: 'id', noun: 'theme', list: '/v1/themes' }, ids);
  return db
    .all<{ id: string }>(
      sql`WITH RECURSIVE down(id) AS (
            SELECT value FROM json_each(${JSON.stringify(ids)})
            UNION SELECT t.id FROM themes t JOIN down ON t.parent_id = down.id)
          SELECT id FROM down`,
    )
    .map((row) => row.id);
}
