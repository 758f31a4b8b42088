import { asc, eq, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { engineOf, type AppDatabase } from '../../db/engine.js';
import * as t from '../../db/sqlite/schema.js';
import type { Lang } from '../../schemas/query.js';
import type { PartnerRef } from '../../schemas/refs.js';
import { kindLabel, pick } from '../../platform/localize.js';

/**
 * The partners linked to some records (statements, meetings) through a link table, by code, deleted ones
 * too (each reader decides whether to show them): a prepared query over a list of owner ids (the engine's idList).
 */
export function linkedPartners(db: AppDatabase, name: string, link: SQLiteTable, owner: SQLiteColumn, partnerCode: SQLiteColumn) {
  const engine = engineOf(db);
  return engine.prepareRows(
    db
      .select({ ownerId: sql<string>`${owner}`, partner: t.partners })
      .from(link)
      .innerJoin(t.partners, eq(t.partners.code, partnerCode))
      .where(engine.idList(owner))
      .orderBy(asc(t.partners.code)),
    name,
  );
}

/** A partner as other resources name it (a statement's or a meeting's partners), labels in `lang`. */
export function partnerRef(p: typeof t.partners.$inferSelect, lang: Lang): PartnerRef {
  return { code: p.code, kind: p.kind, kindLabel: kindLabel('partner', p.kind, lang), name: pick(lang, p.nameJa, p.nameEn) };
}
