import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Any number of ids as one bound parameter, so that a loader's queries are prepared once and run for pages of
 * any size: `column` is one of the ids of the JSON array bound to the `ids` placeholder (SQLite's json_each;
 * the one place another engine would say it its own way).
 */
export const inIdList = (column: SQLiteColumn): SQL => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`;

/** The parameters of a query built with `inIdList`. */
export const idListParams = (ids: string[]): { ids: string } => ({ ids: JSON.stringify(ids) });

/** Prepared queries made once per database and kept with it: building and preparing them again cost more than running them. */
export function preparedPerDatabase<D extends object, Q>(make: (db: D) => Q): (db: D) => Q {
  const made = new WeakMap<D, Q>();
  return (db) => {
    let queries = made.get(db);
    if (!queries) {
      queries = make(db);
      made.set(db, queries);
    }
    return queries;
  };
}
