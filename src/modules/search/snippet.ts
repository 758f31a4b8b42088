import { normalizeWithOffsets } from './normalize.js';
import { wordPattern, type SearchTerm } from './query-parser.js';

export interface SnippetOptions {
  markStart: string;
  markEnd: string;
  /** Characters of context kept before the first match and after it. */
  before?: number;
  after?: number;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Spans [start, end) of `original` where any of the terms occurs (as the search matches it), merged and sorted. */
export function findMatches(original: string, terms: SearchTerm[]): [number, number][] {
  const { normalized, origin } = normalizeWithOffsets(original);
  const spans: [number, number][] = [];
  const span = (at: number, length: number) => spans.push([origin[at] ?? 0, origin[at + length] ?? original.length]);
  for (const term of terms) {
    if (term.mode === 'word') {
      for (const match of normalized.matchAll(wordPattern(term.words))) span(match.index, match[0].length);
    } else if (term.text) {
      for (let at = normalized.indexOf(term.text); at >= 0; at = normalized.indexOf(term.text, at + 1)) span(at, term.text.length);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * A short excerpt around the first match, HTML-escaped, with every match in it wrapped in the markers;
 * null if the text has no match.
 */
export function buildSnippet(original: string, terms: SearchTerm[], options: SnippetOptions): string | null {
  const matches = findMatches(original, terms);
  const first = matches[0];
  if (!first) return null;
  const before = options.before ?? 40;
  const after = options.after ?? 80;
  const from = Math.max(0, first[0] - before);
  const to = Math.min(original.length, first[1] + after);
  let out = from > 0 ? '…' : '';
  let cursor = from;
  for (const [start, end] of matches) {
    if (end <= from || start >= to) continue;
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    out += escapeHtml(original.slice(cursor, s)) + options.markStart + escapeHtml(original.slice(s, e)) + options.markEnd;
    cursor = e;
  }
  out += escapeHtml(original.slice(cursor, to)) + (to < original.length ? '…' : '');
  return out;
}
