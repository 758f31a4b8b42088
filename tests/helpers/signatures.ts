import type { Database } from 'better-sqlite3';

/**
 * Statements whose signature columns (partner_codes, theme_ids: kept by triggers, see src/db/sqlite/schema.ts) differ
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

/** The tables of live-statement counts kept by triggers on statements, and what each counts by. */
const MAINTAINED_COUNTS = [
  { table: 'statement_signature_counts', key: ['partner_codes', 'theme_ids'], of: ['partner_codes', 'theme_ids'] },
  { table: 'statement_month_partner_counts', key: ['month', 'partner_codes'], of: ['substr(date, 1, 7)', 'partner_codes'] },
  { table: 'statement_month_theme_counts', key: ['month', 'theme_ids'], of: ['substr(date, 1, 7)', 'theme_ids'] },
  { table: 'statement_meeting_counts', key: ['meeting_id'], of: ['meeting_id'] },
];

/**
 * Rows of the maintained count tables (migrations/0005 and 0006) that differ from counting live statements now,
 * each named by its table: a row with a wrong count, a row left at 0, or a group with no row.
 */
export function signatureCountMismatches(client: Database): unknown[] {
  return MAINTAINED_COUNTS.flatMap(({ table, key, of }) => {
    const groups = `SELECT ${of.map((expr, i) => `${expr} AS ${key[i]}`).join(', ')}, count(*) AS n FROM statements WHERE deleted_at IS NULL GROUP BY ${of.map((_, i) => i + 1).join(', ')}`;
    const same = key.map((column) => `c.${column} = g.${column}`).join(' AND ');
    return client
      .prepare(
        `SELECT '${table}' AS "table", * FROM (
           SELECT ${key.map((column) => `c.${column}`).join(', ')}, c.live, coalesce(g.n, 0) AS n FROM ${table} c LEFT JOIN (${groups}) g ON ${same}
           UNION ALL
           SELECT ${key.map((column) => `g.${column}`).join(', ')}, 0, g.n FROM (${groups}) g WHERE NOT EXISTS (SELECT 1 FROM ${table} c WHERE ${same}))
          WHERE live != n`,
      )
      .all();
  });
}
