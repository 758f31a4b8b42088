import { and, asc, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Partner, PartnerListQuery } from './schemas.js';
import type { Lang } from '../../schemas/query.js';
import type { AppDatabase } from '../../db/engine.js';
import { runList, type KeysetPage } from '../../db/keyset.js';
import { kindLabel, pick } from '../../platform/localize.js';
import * as t from '../../db/sqlite/schema.js';
import { partnerStatementCounts } from '../stats/counts.js';
import { assertKnown } from '../../db/vocabulary.js';

type PartnerFilters = Omit<PartnerListQuery, 'sort' | 'limit' | 'cursor' | 'lang'>;

async function partnerWhere(db: AppDatabase, filters: PartnerFilters): Promise<SQL | undefined> {
  const conditions: (SQL | undefined)[] = [isNull(t.partners.deletedAt)];
  if (filters.kind) conditions.push(inArray(t.partners.kind, filters.kind));
  if (filters.memberOf) {
    await assertKnown(db, 'memberOf', { table: 'partners', column: 'code', noun: 'partner code', list: '/v1/partners' }, filters.memberOf);
    conditions.push(
      inArray(
        t.partners.code,
        db.select({ code: t.partnerMemberships.memberCode }).from(t.partnerMemberships).where(inArray(t.partnerMemberships.groupCode, filters.memberOf)),
      ),
    );
  }
  if (filters.updatedSince) conditions.push(gte(t.partners.updatedAt, filters.updatedSince));
  return and(...conditions);
}

export async function listPartners(db: AppDatabase, query: PartnerListQuery, lang: Lang, limit: number): Promise<{ page: KeysetPage; items: Partner[] }> {
  return await runList(
    db,
    {
      table: t.partners,
      id: t.partners.code,
      defaultSort: 'code',
      sortColumns: {
        code: { column: () => t.partners.code },
        name: { column: (l) => (l === 'en' ? t.partners.nameEn : t.partners.nameJa), labelled: true },
      },
      where: (filters) => partnerWhere(db, filters),
      hydrate: (codes, l) => hydratePartners(db, codes, l),
    },
    query,
    lang,
    limit,
  );
}

/** One partner as the API shows it, or null when there is none (or it is deleted). */
export async function getPartner(db: AppDatabase, code: string, lang: Lang): Promise<Partner | null> {
  // Also the If-Match check's read, on a write's transaction handle.
  return (await hydratePartners(db, [code], lang))[0] ?? null;
}

async function hydratePartners(db: AppDatabase, codes: string[], lang: Lang): Promise<Partner[]> {
  if (codes.length === 0) return [];
  const rows = await db.select().from(t.partners).where(and(inArray(t.partners.code, codes), isNull(t.partners.deletedAt)));
  const memberships = await db
    .select()
    .from(t.partnerMemberships)
    .where(or(inArray(t.partnerMemberships.groupCode, codes), inArray(t.partnerMemberships.memberCode, codes)))
    .orderBy(asc(t.partnerMemberships.groupCode), asc(t.partnerMemberships.memberCode));
  const related = new Set(memberships.flatMap((m) => [m.groupCode, m.memberCode]));
  const others = new Map(
    related.size === 0
      ? []
      : (await db.select().from(t.partners).where(and(inArray(t.partners.code, [...related]), isNull(t.partners.deletedAt)))).map((p) => [p.code, p]),
  );
  const counts = await partnerStatementCounts(db, codes);
  const ref = (code: string, role: (typeof memberships)[number]['role']) => {
    const p = others.get(code);
    if (!p) throw new Error(`membership names unknown partner ${code}`);
    return {
      code: p.code,
      kind: p.kind,
      kindLabel: kindLabel('partner', p.kind, lang),
      name: pick(lang, p.nameJa, p.nameEn),
      role,
      roleLabel: kindLabel('membershipRole', role, lang),
    };
  };
  const byCode = new Map(
    rows.map((p): [string, Partner] => [
      p.code,
      {
        code: p.code,
        kind: p.kind,
        kindLabel: kindLabel('partner', p.kind, lang),
        name: pick(lang, p.nameJa, p.nameEn),
        iso3166Alpha2: p.iso3166Alpha2,
        shortName: p.shortNameJa,
        members: memberships.filter((m) => m.groupCode === p.code && others.has(m.memberCode)).map((m) => ref(m.memberCode, m.role)),
        memberOf: memberships.filter((m) => m.memberCode === p.code && others.has(m.groupCode)).map((m) => ref(m.groupCode, m.role)),
        statementCount: counts.get(p.code)?.total ?? 0,
        directStatementCount: counts.get(p.code)?.direct ?? 0,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      },
    ]),
  );
  return codes.flatMap((code) => byCode.get(code) ?? []);
}

