import { and, gte, lte, type SQL } from 'drizzle-orm';
import type { Briefing, BriefingListQuery } from './schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { AppDatabase } from '../../db/engine.js';
import { runList, type KeysetPage } from '../../db/keyset.js';
import { loadBriefing, toApiItem } from './load.js';
import * as t from '../../db/sqlite/schema.js';

type BriefingFilters = Omit<BriefingListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

function briefingWhere(filters: BriefingFilters): SQL | undefined {
  return and(
    filters.from ? gte(t.briefings.date, filters.from) : undefined,
    filters.to ? lte(t.briefings.date, filters.to) : undefined,
  );
}

export async function listBriefings(db: AppDatabase, query: BriefingListQuery, lang: Lang, limit: number): Promise<{ page: KeysetPage; items: Briefing[] }> {
  return await runList(
    db,
    {
      table: t.briefings,
      id: t.briefings.id,
      defaultSort: '-date',
      sortColumns: { date: { column: () => t.briefings.date } },
      where: async (filters) => briefingWhere(filters),
      hydrate: async (ids, l) => {
        const items: Briefing[] = [];
        for (const id of ids) {
          const item = await briefingItem(db, id, l);
          if (item) items.push(item);
        }
        return items;
      },
    },
    query,
    lang,
    limit,
  );
}

/** One briefing as the API shows it, with its sections and statements, or null when there is none. */
export async function getBriefing(db: AppDatabase, id: string, lang: Lang): Promise<Briefing | null> {
  return await briefingItem(db, id, lang);
}

async function briefingItem(db: AppDatabase, id: string, lang: Lang): Promise<Briefing | null> {
  const aggregate = await loadBriefing(db, id, { statements: true });
  return aggregate ? toApiItem(aggregate, lang) : null;
}
