import { count, isNull, sql } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import type { FacetName, Facets } from './facet-schemas.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { statementWhere, type StatementFilters } from '../statements/filters.js';
import { facetFilters } from '../statements/planner.js';
import { countByValue, partnerValuesReached, themeValuesReached, whereClause } from './counts.js';

/** Partner names and theme labels in the answer language, by code and id. */
export async function labelMaps(db: AppDatabase, lang: Lang) {
  const partners = new Map((await db.select().from(t.partners).where(isNull(t.partners.deletedAt))).map((p) => [p.code, pick(lang, p.nameJa, p.nameEn)]));
  const themes = new Map((await db.select().from(t.themes).where(isNull(t.themes.deletedAt))).map((th) => [th.id, pick(lang, th.labelJa, th.labelEn)]));
  return { partners, themes };
}

async function facetRows(db: AppDatabase, name: FacetName, filters: StatementFilters, others: StatementFilters): Promise<{ value: string; count: number }[]> {
  const where = await statementWhere(db, others);
  switch (name) {
    case 'partner':
      return await countByValue(db, 'partner', await partnerValuesReached(db, filters.partnerMatch ?? 'groups'), others);
    case 'theme':
      return await countByValue(db, 'theme', await themeValuesReached(db), others);
    case 'kind':
      return await db.select({ value: t.statements.kind, count: count() }).from(t.statements).where(where).groupBy(t.statements.kind);
    case 'meetingKind':
      return await engineOf(db).rows(sql`SELECT meetings.kind AS value, count(*) AS count FROM ${t.statements}
                         JOIN meetings ON meetings.id = ${t.statements.meetingId} ${whereClause(where)}
                         GROUP BY meetings.kind`);
    case 'year':
    case 'month': {
      const length = name === 'year' ? 4 : 7;
      return await engineOf(db).rows(sql`SELECT substr(${t.statements.date}, 1, ${length}) AS value, count(*) AS count FROM ${t.statements}
                         ${whereClause(where)} GROUP BY 1`);
    }
  }
}

/** The facets of a statement query, each counted under every filter but its own (see the planner's facetFilters). */
export async function countFacets(db: AppDatabase, filters: StatementFilters, names: FacetName[], lang: Lang): Promise<Facets> {
  const labels = await labelMaps(db, lang);
  const facets: Facets = {};
  for (const name of names) {
    const rows = await facetRows(db, name, filters, facetFilters(filters, name));
    const label = (value: string): string => {
      if (name === 'partner') return labels.partners.get(value) ?? value;
      if (name === 'theme') return labels.themes.get(value) ?? value;
      if (name === 'kind') return kindLabel('statement', value as 'joint_statement', lang);
      if (name === 'meetingKind') return kindLabel('meeting', value as 'summit', lang);
      return value;
    };
    facets[name] = rows
      .map((row) => ({ value: row.value, label: label(row.value), count: row.count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return facets;
}

export async function statementFacets(db: AppDatabase, filters: StatementFilters, names: FacetName[], lang: Lang): Promise<Facets> {
  return await countFacets(db, filters, names, lang);
}
