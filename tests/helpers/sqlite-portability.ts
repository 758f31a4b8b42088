/**
 * SQL features newer than SQLite 3.37 (Ubuntu 22.04's; Debian 12 has 3.40, RHEL 9 3.34 but with the same syntax
 * for everything the schema uses), found in schema or migration SQL. A database whose schema uses one cannot be
 * opened, or its object cannot be used, by the operating system's sqlite3 CLI: SQLite parses every trigger and view
 * whenever it opens a database. Taken from SQLite's release log (3.38.0 to 3.51.0); each entry names the release
 * that added it. Checked by tests/unit/portable-schema.test.ts.
 */

interface NewerFeature {
  feature: string;
  since: string;
  /** Looked for in the SQL without comments and with string literals emptied, unless `inStrings`. */
  pattern: RegExp;
  /** Looked for in the SQL without comments but with its string literals (date modifiers, FTS5 tokenizers). */
  inStrings?: boolean;
}

const call = (...names: string[]) => new RegExp(`\\b(?:${names.join('|')})\\s*\\(`, 'i');
const DATE_FUNCTIONS = String.raw`\b(?:date|time|datetime|julianday|unixepoch|strftime|timediff)\s*\([^()]*`;

export const NEWER_FEATURES: readonly NewerFeature[] = [
  { feature: 'the -> and ->> JSON operators', since: '3.38', pattern: /->/ },
  { feature: 'unixepoch()', since: '3.38', pattern: call('unixepoch') },
  { feature: 'format()', since: '3.38', pattern: call('format') },
  { feature: "the 'auto' and 'julianday' date modifiers", since: '3.38', pattern: new RegExp(`${DATE_FUNCTIONS}'(?:auto|julianday)'`, 'i'), inStrings: true },
  { feature: 'RIGHT and FULL OUTER JOIN', since: '3.39', pattern: /\b(?:RIGHT|FULL)\s+(?:OUTER\s+)?JOIN\b/i },
  { feature: 'IS [NOT] DISTINCT FROM', since: '3.39', pattern: /\bIS\s+(?:NOT\s+)?DISTINCT\s+FROM\b/i },
  { feature: 'unhex()', since: '3.41', pattern: call('unhex') },
  { feature: "the 'subsec' date modifier", since: '3.42', pattern: new RegExp(`${DATE_FUNCTIONS}'subsec(?:ond)?'`, 'i'), inStrings: true },
  { feature: "FTS5's secure-delete option", since: '3.42', pattern: /'secure-delete'/i, inStrings: true },
  { feature: 'timediff()', since: '3.43', pattern: call('timediff') },
  { feature: 'octet_length()', since: '3.43', pattern: call('octet_length') },
  { feature: "FTS5's contentless_delete option", since: '3.43', pattern: /\bcontentless_delete\b/i },
  { feature: 'concat(), concat_ws() and string_agg()', since: '3.44', pattern: call('concat', 'concat_ws', 'string_agg') },
  { feature: 'strftime() %e %F %I %k %l %p %P %R %T %u', since: '3.44', pattern: /\bstrftime\s*\(\s*'[^']*%[eFIklpPRTu]/, inStrings: true },
  { feature: 'JSONB functions', since: '3.45', pattern: /\bjsonb\w*\s*\(/i },
  { feature: "the trigram tokenizer's remove_diacritics", since: '3.45', pattern: /'trigram[^']*remove_diacritics/i, inStrings: true },
  { feature: 'json_pretty()', since: '3.46', pattern: call('json_pretty') },
  { feature: 'strftime() %G %g %U %V', since: '3.46', pattern: /\bstrftime\s*\(\s*'[^']*%[GgUV]/, inStrings: true },
  { feature: "the 'ceiling' and 'floor' date modifiers", since: '3.46', pattern: new RegExp(`${DATE_FUNCTIONS}'(?:ceiling|floor)'`, 'i'), inStrings: true },
  { feature: 'underscores in numeric literals', since: '3.46', pattern: /(?<![\w$])\d+(?:_\d+)+/ },
  { feature: "FTS5's locale and contentless_unindexed options, fts5_locale()", since: '3.47', pattern: /\bfts5\s*\([^)]*\b(?:locale|contentless_unindexed)\s*=|\bfts5_locale\s*\(/i },
  { feature: 'if() (an alias of iif())', since: '3.48', pattern: /(?<![\w$])if\s*\(/i },
  { feature: 'unistr() and unistr_quote()', since: '3.50', pattern: call('unistr', 'unistr_quote') },
];

/**
 * `sql` with comments removed and, when `emptyStrings`, every string literal emptied (''), so that what a comment or
 * a literal says is not taken for syntax. Quoted identifiers are kept as they are.
 */
function stripped(sql: string, emptyStrings: boolean): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, (token) => {
    if (token.startsWith('--') || token.startsWith('/*')) return ' ';
    return emptyStrings && token.startsWith("'") ? "''" : token;
  });
}

/** Words after which a parenthesis is not a function call's: subqueries, windows, lists, conditions. */
const NOT_A_CALL = new Set(
  'OVER AS IN EXISTS VALUES USING ON AND OR NOT WHERE SELECT FROM JOIN WHEN THEN ELSE CASE BY SET IS LIKE GLOB BETWEEN FILTER RETURNING CHECK WITH UNION ALL DISTINCT'.split(' '),
);

/**
 * Whether an ORDER BY stands directly inside a function call's parentheses: an aggregate's own ORDER BY
 * (group_concat(x, ' ' ORDER BY x)), SQLite 3.44. An ORDER BY in a subquery, a window (OVER (…)) or a statement
 * is older than that and not counted. `code` has no comments and no string contents (see `stripped`).
 */
function hasAggregateOrderBy(code: string): boolean {
  const stack: boolean[] = [];
  let previous = '';
  let openedCall = false;
  for (const [token] of code.matchAll(/\(|\)|[A-Za-z_][\w$]*|`[^`]*`|"(?:[^"]|"")*"|\[[^\]]*\]|\S/g)) {
    const word = token.toUpperCase();
    if (token === '(') {
      const isCall = /^[A-Za-z_`"[]/.test(previous) && !NOT_A_CALL.has(previous.toUpperCase());
      stack.push(isCall);
      openedCall = isCall;
    } else {
      // fn(SELECT …) is not valid SQL, but a parenthesis opening a subquery is never a call's.
      if (openedCall && (word === 'SELECT' || word === 'WITH' || word === 'VALUES')) stack[stack.length - 1] = false;
      openedCall = false;
      if (token === ')') stack.pop();
      else if (word === 'BY' && previous.toUpperCase() === 'ORDER' && stack.at(-1) === true) return true;
    }
    previous = token;
  }
  return false;
}

/** The features newer than SQLite 3.37 that `sql` uses, as "feature (SQLite x.y)". */
export function newerSqliteFeatures(sql: string): string[] {
  const code = stripped(sql, true);
  const withStrings = stripped(sql, false);
  const found = NEWER_FEATURES.filter(({ pattern, inStrings }) => pattern.test(inStrings ? withStrings : code)).map(
    ({ feature, since }) => `${feature} (SQLite ${since})`,
  );
  if (hasAggregateOrderBy(code)) found.unshift('ORDER BY inside an aggregate call (SQLite 3.44)');
  return found;
}
