import { normalizeForSearch } from './normalize.js';

/**
 * The `q` syntax: whitespace-separated terms are ANDed, "…" is a phrase (spaces kept), and a leading -
 * excludes a term or phrase. Terms of Latin letters and digits match whole words; any other term is an
 * exact substring. Everything is literal text: no operator of FTS5 (AND, NEAR(, *, ^, :) is ever
 * passed through, so no input can reach FTS5 syntax raw.
 */
export interface SearchTerm {
  /** Normalised (NFKC, case-folded) text. */
  text: string;
  negated: boolean;
  /**
   * word: a term of Latin letters and digits (ai, g7, "economic coercion") matches whole words, so that ai is
   * not found inside chain; substring: anything else (経済, 威圧, 経済的威圧) is an exact substring.
   */
  mode: 'word' | 'substring';
  /** For word terms: the words, in order. */
  words: string[];
}

/** ASCII only, with at least one letter or digit: matched as words. */
function termOf(text: string, negated: boolean): SearchTerm {
  const words = text.split(/[^a-z0-9]+/).filter(Boolean);
  const word = /^[\x20-\x7e]+$/.test(text) && words.length > 0;
  return { text, negated, mode: word ? 'word' : 'substring', words: word ? words : [] };
}

export interface SearchQuery {
  raw: string;
  terms: SearchTerm[];
}

export const SEARCH_MAX_LENGTH = 500;

/** Regular expression for a word term: its words in order, separated by non-word characters, at word boundaries. */
export function wordPattern(words: string[]): RegExp {
  return new RegExp(`(?<![a-z0-9])${words.join('[^a-z0-9]+')}(?![a-z0-9])`, 'g');
}
export const SEARCH_MAX_TERMS = 16;

/** Returns the parsed query, or the reason it has none. */
export function parseSearchQuery(raw: string): SearchQuery | { error: string } {
  const normalized = normalizeForSearch(raw);
  const terms: SearchTerm[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/g;
  for (const match of normalized.matchAll(pattern)) {
    const [, negation, phrase, word] = match;
    if (phrase !== undefined) {
      const text = phrase.trim();
      if (text) terms.push(termOf(text, negation === '-'));
    } else if (word !== undefined) {
      const negated = word.startsWith('-') && word.length > 1;
      const text = negated ? word.slice(1) : word;
      if (text && text !== '-') terms.push(termOf(text, negated));
    }
  }
  const unique = terms.filter((term, i) => terms.findIndex((t) => t.text === term.text && t.negated === term.negated) === i);
  if (unique.length === 0) return { error: 'has no search terms' };
  if (unique.length > SEARCH_MAX_TERMS) return { error: `has more than ${SEARCH_MAX_TERMS} terms` };
  if (unique.every((term) => term.negated)) return { error: 'needs at least one term that is not excluded with -' };
  return { raw, terms: unique };
}
