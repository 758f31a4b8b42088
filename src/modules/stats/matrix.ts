import { desc, isNull, sql } from 'drizzle-orm';
import type { Lang } from '../../schemas/query.js';
import type { Matrix } from './schemas.js';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import { pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { statementWhere, type StatementFilters } from '../statements/filters.js';
import { partnerValuesReached, themeValuesReached, valuesOf, whereClause } from './counts.js';

/** Statements per (partner, theme), from the statements per pair of signatures expanded to the values they reach. */
export async function themesByPartner(db: AppDatabase, filters: StatementFilters, lang: Lang): Promise<Matrix> {
  const where = await statementWhere(db, filters);
  const partnerReached = await partnerValuesReached(db, filters.partnerMatch ?? 'groups');
  const themeReached = await themeValuesReached(db);
  const cell = new Map<string, number>();
  const pairs = await engineOf(db).rows<{ partners: string; themes: string; n: number }>(
    sql`SELECT ${t.statements.partnerCodes} AS partners, ${t.statements.themeIds} AS themes, count(*) AS n
          FROM ${t.statements} ${whereClause(where)} GROUP BY 1, 2`,
  );
  for (const { partners: partnerSig, themes: themeSig, n } of pairs) {
    const themeValues = valuesOf(themeSig, themeReached);
    for (const partner of valuesOf(partnerSig, partnerReached)) {
      for (const theme of themeValues) cell.set(`${partner}\u0000${theme}`, (cell.get(`${partner}\u0000${theme}`) ?? 0) + n);
    }
  }
  const partners = await db.select().from(t.partners).where(isNull(t.partners.deletedAt)).orderBy(t.partners.code);
  const themes = await db.select().from(t.themes).where(isNull(t.themes.deletedAt)).orderBy(desc(t.themes.kind), t.themes.id);
  return {
    partners: partners.map((p) => ({ code: p.code, name: pick(lang, p.nameJa, p.nameEn) })),
    themes: themes.map((th) => ({ id: th.id, label: pick(lang, th.labelJa, th.labelEn) })),
    counts: partners.map((p) => themes.map((th) => cell.get(`${p.code}\u0000${th.id}`) ?? 0)),
  };
}
