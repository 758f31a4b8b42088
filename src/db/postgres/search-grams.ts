/**
 * The grams of a normalised search document (src/modules/search/normalize.ts normalizeForSearch) for
 * statement_search_docs.grams: every character and every pair of adjacent characters, each once, in order of
 * first appearance. pg_trgm cannot index terms of one or two characters (威圧, 経済, ai), and LIKE on them reads
 * every document (700–940 ms at 100 000 statements); with a GIN index on this array, `grams @> ARRAY[term]` finds
 * them exactly (26–78 ms). A term of one or two characters is in a document exactly when it is among its grams.
 *
 * Computed here and not in SQL: a generated column took 14 minutes for 100 000 documents, this function and COPY
 * 38 s. Characters are code points, as JavaScript's string iterator and PostgreSQL's text functions count them (a
 * character outside the BMP is one character, not two UTF-16 units). Field separators (\n) are characters like any
 * other: no term contains one, so a pair across two fields is never looked for, and never matches by accident.
 */
export function searchGrams(normalised: string): string[] {
  const grams = new Set<string>();
  let previous: string | undefined;
  for (const char of normalised) {
    grams.add(char);
    if (previous !== undefined) grams.add(previous + char);
    previous = char;
  }
  return [...grams];
}
