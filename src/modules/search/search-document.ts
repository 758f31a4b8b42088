import { normalizeForSearch } from './normalize.js';

/**
 * The text indexed for a statement, on every engine: its body, titles, meeting names and theme labels, normalised
 * and separated by newlines, which no term or phrase contains (so that no match spans two fields).
 */
export function searchDocument(parts: (string | null)[]): string {
  return normalizeForSearch(parts.filter((part): part is string => Boolean(part)).join('\n'));
}
