import type { Database } from 'better-sqlite3';

/**
 * Statements whose signature columns (partner_codes, theme_ids: kept by triggers, see src/db/schema.ts) differ
 * from their link tables, recomputed here independently, or whose search_doc_id is not their search document's.
 * Always empty in a sound database.
 */
export function signatureMismatches(client: Database): { id: string; partnerCodes: string; themeIds: string }[] {
  const rows = client
    .prepare(
      `SELECT s.id, s.partner_codes AS partnerCodes, s.theme_ids AS themeIds,
              s.search_doc_id IS NOT (SELECT doc_id FROM statement_search_docs WHERE statement_id = s.id) AS docIdWrong,
              (SELECT json_group_array(partner_code) FROM statement_partners WHERE statement_id = s.id) AS partners,
              (SELECT json_group_array(theme_id) FROM statement_themes WHERE statement_id = s.id) AS themes
         FROM statements s`,
    )
    .all() as { id: string; partnerCodes: string; themeIds: string; docIdWrong: number; partners: string; themes: string }[];
  const expected = (json: string) => {
    const codes = (JSON.parse(json) as string[]).sort();
    return codes.length === 0 ? ' ' : ` ${codes.join(' ')} `;
  };
  return rows
    .filter((row) => row.partnerCodes !== expected(row.partners) || row.themeIds !== expected(row.themes) || row.docIdWrong === 1)
    .map(({ id, partnerCodes, themeIds }) => ({ id, partnerCodes, themeIds }));
}

/** Rows of statement_signature_counts that differ from counting live statements per signature pair now. */
export function signatureCountMismatches(client: Database): unknown[] {
  return client
    .prepare(
      `SELECT partner_codes, theme_ids, live, n FROM (
         SELECT c.partner_codes, c.theme_ids, c.live, coalesce(g.n, 0) AS n FROM statement_signature_counts c
           LEFT JOIN (SELECT partner_codes, theme_ids, count(*) AS n FROM statements WHERE deleted_at IS NULL GROUP BY 1, 2) g USING (partner_codes, theme_ids)
         UNION ALL
         SELECT g.partner_codes, g.theme_ids, 0, g.n FROM (SELECT partner_codes, theme_ids, count(*) AS n FROM statements WHERE deleted_at IS NULL GROUP BY 1, 2) g
          WHERE NOT EXISTS (SELECT 1 FROM statement_signature_counts c WHERE c.partner_codes = g.partner_codes AND c.theme_ids = g.theme_ids))
        WHERE live != n`,
    )
    .all();
}
