/**
 * The two drizzle schemas are one schema in two dialects: src/db/sqlite/schema.ts and src/db/postgres/schema.ts
 * must have the same tables under the same JavaScript names, the same columns under the same JavaScript and SQL
 * names, with the same kind of value (what the application reads: text, number, JSON), nullability, defaults, keys,
 * references, unique constraints, indexes and checks. One code path above the engine seam reads both, so any
 * difference here is a difference in the answers. What only PostgreSQL has is listed here, and nothing else.
 */
import { getTableColumns, getTableName, is, SQL, type Column } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../src/db/postgres/schema.js';
import * as sqliteSchema from '../../src/db/sqlite/schema.js';

/** PostgreSQL only: the data version (SQLite has PRAGMA data_version). */
const POSTGRES_ONLY_TABLES = ['dataVersion'];
/** PostgreSQL only: the search columns (SQLite has FTS5 tables, which drizzle does not declare). */
const POSTGRES_ONLY_COLUMNS: Record<string, readonly string[]> = { statementSearchDocs: pgSchema.POSTGRES_ONLY_SEARCH_COLUMNS };
/** PostgreSQL only: the indexes of those columns. */
const POSTGRES_ONLY_INDEXES = ['statement_search_docs_trigram_idx', 'statement_search_docs_grams_idx', 'statement_search_docs_live_date_idx'];

function tablesOf<T>(module: Record<string, unknown>, isTable: (value: unknown) => value is T): Map<string, T> {
  return new Map(Object.entries(module).filter((entry): entry is [string, T] => isTable(entry[1])));
}

const sqliteTables = tablesOf(sqliteSchema, (value): value is SQLiteTable => is(value, SQLiteTable));
const pgTables = tablesOf(pgSchema, (value): value is PgTable => is(value, PgTable));

/** A default as the application sees it: a literal value, or "computed by the database" (the ISO timestamp). */
function defaultOf(column: Column): unknown {
  if (!column.hasDefault || column.default === undefined) return column.hasDefault ? 'generated' : undefined;
  return is(column.default, SQL) ? 'sql' : column.default;
}

/** What a column means to the application, in terms both dialects share. */
function describeColumn(column: Column, autoIncrement: boolean) {
  return {
    name: column.name,
    dataType: column.dataType,
    notNull: column.notNull,
    default: autoIncrement ? 'autoincrement' : defaultOf(column),
    primary: column.primary,
    unique: column.isUnique,
    enumValues: column.enumValues ?? [],
  };
}

function sqliteColumns(table: SQLiteTable) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => [
      key,
      describeColumn(column, (column as Column & { autoIncrement?: boolean }).autoIncrement === true),
    ]),
  );
}

function pgColumns(table: PgTable, skip: readonly string[]) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([key]) => !skip.includes(key))
      .map(([key, column]) => [key, describeColumn(column, (column as Column & { generatedIdentity?: unknown }).generatedIdentity !== undefined)]),
  );
}

type Config = ReturnType<typeof getSqliteTableConfig> | ReturnType<typeof getPgTableConfig>;

function constraintsOf(config: Config, skipIndexes: string[] = []) {
  const names = (columns: { name: string }[]) => columns.map((column) => column.name);
  return {
    name: config.name,
    primaryKeys: config.primaryKeys.map((key) => names(key.columns)),
    foreignKeys: config.foreignKeys
      .map((key) => {
        const reference = key.reference();
        return {
          columns: names(reference.columns),
          table: getTableName(reference.foreignTable),
          foreignColumns: names(reference.foreignColumns),
          onDelete: key.onDelete ?? 'no action',
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    uniqueConstraints: config.uniqueConstraints.map((unique) => names(unique.columns)),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name,
        unique: index.config.unique,
        columns: index.config.columns.map((column) => ('name' in column ? column.name : String(column))),
      }))
      .filter((index) => !skipIndexes.includes(index.name ?? ''))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
    checks: config.checks.map((check) => check.name).sort(),
  };
}

describe('the PostgreSQL schema mirrors the SQLite schema', () => {
  it('has the same tables under the same JavaScript and SQL names, and only the data version besides', () => {
    expect([...pgTables.keys()].filter((key) => !POSTGRES_ONLY_TABLES.includes(key)).sort()).toEqual([...sqliteTables.keys()].sort());
    for (const [key, table] of sqliteTables) {
      expect(getPgTableConfig(pgTables.get(key)!).name, key).toBe(getSqliteTableConfig(table).name);
    }
  });

  it.each([...sqliteTables.keys()])('%s: the same columns, with the same values, nullability, defaults and keys', (key) => {
    const sqliteTable = sqliteTables.get(key)!;
    const pgTable = pgTables.get(key)!;
    expect(pgColumns(pgTable, POSTGRES_ONLY_COLUMNS[key] ?? [])).toEqual(sqliteColumns(sqliteTable));
  });

  it.each([...sqliteTables.keys()])('%s: the same primary, foreign and unique keys, indexes and checks', (key) => {
    const sqliteConfig = getSqliteTableConfig(sqliteTables.get(key)!);
    const pgConfig = getPgTableConfig(pgTables.get(key)!);
    expect(constraintsOf(pgConfig, POSTGRES_ONLY_INDEXES)).toEqual(constraintsOf(sqliteConfig));
  });

  it('declares its PostgreSQL-only columns and indexes where it says', () => {
    const columns = getTableColumns(pgSchema.statementSearchDocs);
    for (const column of pgSchema.POSTGRES_ONLY_SEARCH_COLUMNS) expect(columns[column], column).toBeDefined();
    const indexes = getPgTableConfig(pgSchema.statementSearchDocs).indexes.map((index) => index.config.name);
    expect(indexes.sort()).toEqual([...POSTGRES_ONLY_INDEXES].sort());
  });
});
