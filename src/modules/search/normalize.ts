/**
 * Text normalisation for search, applied alike to documents and queries: NFKC (full-width ＡＩ → AI,
 * Ｇ７ → G7, half-width katakana → full-width) then case folding, with runs of spaces collapsed.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\S\n]+/g, ' ');
}

/**
 * The character-token form of a normalised text: one token per code point (x + code point in base 36), so
 * that FTS5 finds a phrase of tokens exactly where the characters stand in a row, whatever the characters
 * are (ideographs, punctuation, emoji, even a lone surrogate).
 */
export function toCharTokens(normalized: string): string {
  const tokens: string[] = [];
  for (const char of normalized) tokens.push(`x${(char.codePointAt(0) ?? 0).toString(36)}`);
  return tokens.join(' ');
}

/**
 * Normalises `original` one code point at a time and remembers where each normalised character came from,
 * so that matches found in normalised text can be marked in the original (for snippets).
 */
export function normalizeWithOffsets(original: string): { normalized: string; origin: number[] } {
  let normalized = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of original) {
    const piece = /\s/.test(char) ? ' ' : char.normalize('NFKC').toLowerCase();
    normalized += piece;
    for (let i = 0; i < piece.length; i += 1) origin.push(index);
    index += char.length;
  }
  origin.push(index);
  return { normalized, origin };
}
