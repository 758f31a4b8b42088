import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchGrams } from '../../src/db/postgres/search-grams.js';
import { normalizeForSearch } from '../../src/modules/search/normalize.js';

/** The property the search relies on: a term of one or two characters is a substring exactly when it is a gram. */
function isSubstring(term: string, document: string): boolean {
  return document.includes(term);
}

describe('searchGrams', () => {
  it('gives each character and each pair of adjacent characters once, in order of first appearance', () => {
    expect(searchGrams('経済的威圧')).toEqual(['経', '済', '経済', '的', '済的', '威', '的威', '圧', '威圧']);
    expect(searchGrams('aaaa')).toEqual(['a', 'aa']);
    expect(searchGrams('')).toEqual([]);
    expect(searchGrams('x')).toEqual(['x']);
  });

  it('counts characters as code points: a character outside the BMP is one gram, not two halves', () => {
    expect(searchGrams('𠮷野')).toEqual(['𠮷', '野', '𠮷野']);
  });

  it('keeps field separators as characters, so a pair across two fields is never a pair of the fields', () => {
    const grams = searchGrams(normalizeForSearch('経済\n威圧'));
    expect(grams).toContain('威圧');
    expect(grams).toContain('経済');
    expect(grams).not.toContain('済威');
    expect(grams).toContain('済\n');
  });

  it('finds exactly the one- and two-character substrings of any normalised text', () => {
    const alphabet = fc.constantFrom('経', '済', '威', '圧', 'a', 'i', ' ', '\n', '、', '𠮷', 'A', 'Ｇ', '７');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((chars) => normalizeForSearch(chars.join(''))), fc.array(alphabet, { minLength: 1, maxLength: 2 }), (document, termChars) => {
        const term = normalizeForSearch(termChars.join(''));
        if ([...term].length === 0 || [...term].length > 2) return;
        expect(searchGrams(document).includes(term)).toBe(isSubstring(term, document));
      }),
    );
  });
});
