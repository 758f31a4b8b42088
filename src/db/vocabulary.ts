import { sql } from 'drizzle-orm';
import { InvalidQueryError } from '../errors.js';
import { engineOf, type AppDatabase } from './engine.js';
import { closureFrom } from './closure.js';

/**
 * The vocabulary as filters take it: a partner expands to the groups it belongs to (transitively: FR → EU → G7), a
 * theme to its descendants (the walks are in closure.ts). Unknown codes are reported as a 400 naming the parameter,
 * so that a typo (partner=FRA) is told apart from "no statements".
 */

async function unknownValues(db: AppDatabase, table: 'partners' | 'themes' | 'meetings', column: 'code' | 'id', values: string[]): Promise<string[]> {
  if (values.length === 0) return [];
  const known = await engineOf(db).rows<{ value: string }>(
    sql`SELECT ${sql.identifier(column)} AS value FROM ${sql.identifier(table)}
         WHERE deleted_at IS NULL AND ${sql.identifier(column)} IN (${sql.join(values.map((value) => sql`${value}`), sql`, `)})`,
  );
  const found = new Set(known.map((row) => row.value));
  return values.filter((value) => !found.has(value));
}

export async function assertKnown(
  db: AppDatabase,
  param: string,
  what: { table: 'partners' | 'themes' | 'meetings'; column: 'code' | 'id'; noun: string; list: string },
  values: string[],
): Promise<void> {
  const unknown = await unknownValues(db, what.table, what.column, values);
  if (unknown.length > 0) {
    throw new InvalidQueryError(
      unknown.map((value) => ({ in: 'query' as const, name: param, message: `unknown ${what.noun} ${value}; see ${what.list}` })),
    );
  }
}

/** `partner=` values → the codes whose statements they match: each code and (unless direct) the groups it belongs to. */
export async function expandPartners(db: AppDatabase, param: string, codes: string[], match: 'groups' | 'direct'): Promise<string[]> {
  await assertKnown(db, param, { table: 'partners', column: 'code', noun: 'partner code', list: '/v1/partners' }, codes);
  if (match === 'direct') return codes;
  return await closureFrom(db, 'partners', 'up', codes);
}

/** `theme=` values → the themes whose statements they match: each theme and its descendants. */
export async function expandThemes(db: AppDatabase, param: string, ids: string[]): Promise<string[]> {
  await assertKnown(db, param, { table: 'themes', column: 'id', noun: 'theme', list: '/v1/themes' }, ids);
  return await closureFrom(db, 'themes', 'down', ids);
}
