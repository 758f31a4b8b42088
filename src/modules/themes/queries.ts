import { and, asc, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import type { Theme, ThemeListQuery } from './schemas.js';
import type { AppDatabase } from '../../db/engine.js';
import { runList, type KeysetPage } from '../../db/keyset.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { themeStatementCounts } from '../stats/counts.js';
import { assertKnown } from '../../db/vocabulary.js';

type ThemeFilters = Omit<ThemeListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

async function themeWhere(db: AppDatabase, filters: ThemeFilters): Promise<SQL | undefined> {
  const conditions: (SQL | undefined)[] = [isNull(t.themes.deletedAt)];
  if (filters.kind) conditions.push(inArray(t.themes.kind, filters.kind));
  if (filters.parent) {
    await assertKnown(db, 'parent', { table: 'themes', column: 'id', noun: 'theme', list: '/v1/themes' }, filters.parent);
    conditions.push(inArray(t.themes.parentId, filters.parent));
  }
  if (filters.updatedSince) conditions.push(gte(t.themes.updatedAt, filters.updatedSince));
  return and(...conditions);
}

export async function listThemes(db: AppDatabase, query: ThemeListQuery, lang: Lang, limit: number): Promise<{ page: KeysetPage; items: Theme[] }> {
  return await runList(
    db,
    {
      table: t.themes,
      id: t.themes.id,
      defaultSort: 'id',
      sortColumns: {
        id: { column: () => t.themes.id },
        label: { column: (l) => (l === 'en' ? t.themes.labelEn : t.themes.labelJa), labelled: true },
      },
      where: (filters) => themeWhere(db, filters),
      hydrate: (ids, l) => hydrateThemes(db, ids, l),
    },
    query,
    lang,
    limit,
  );
}

/** One theme as the API shows it, or null when there is none (or it is deleted). */
export async function getTheme(db: AppDatabase, id: string, lang: Lang): Promise<Theme | null> {
  // Also the If-Match check's read, on a write's transaction handle.
  return (await hydrateThemes(db, [id], lang))[0] ?? null;
}

async function hydrateThemes(db: AppDatabase, ids: string[], lang: Lang): Promise<Theme[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(t.themes).where(and(inArray(t.themes.id, ids), isNull(t.themes.deletedAt)));
  const parentIds = rows.flatMap((row) => (row.parentId ? [row.parentId] : []));
  // Parents and children of the page, in one query.
  const relatives = await db
    .select()
    .from(t.themes)
    .where(and(or(inArray(t.themes.id, parentIds.length ? parentIds : ['']), inArray(t.themes.parentId, ids)), isNull(t.themes.deletedAt)))
    .orderBy(asc(t.themes.id));
  const counts = await themeStatementCounts(db, ids);
  const ref = (th: (typeof rows)[number]) => ({ id: th.id, kind: th.kind, label: pick(lang, th.labelJa, th.labelEn) });
  const byId = new Map(
    rows.map((th): [string, Theme] => {
      const parent = th.parentId ? relatives.find((r) => r.id === th.parentId) : undefined;
      return [
        th.id,
        {
          ...ref(th),
          kindLabel: kindLabel('theme', th.kind, lang),
          description: pick(lang, th.descriptionJa, th.descriptionEn),
          parent: parent ? ref(parent) : null,
          children: relatives.filter((r) => r.parentId === th.id).map(ref),
          statementCount: counts.get(th.id)?.total ?? 0,
          directStatementCount: counts.get(th.id)?.direct ?? 0,
          createdAt: th.createdAt,
          updatedAt: th.updatedAt,
        },
      ];
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
