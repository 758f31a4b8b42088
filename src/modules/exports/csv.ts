/**
 * RFC 4180 CSV, written by hand because it is small: fields separated by commas, records ended by CRLF, a
 * field quoted when it holds a comma, a quote, CR or LF (quotes inside doubled). Fields with leading or
 * trailing spaces are quoted too, as some readers trim unquoted ones.
 */

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export type CsvValue = string | number | null | undefined;

/** One field; null and undefined are the empty field. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Several values in one cell: joined with `;`, a `\` or `;` inside a value escaped with a backslash, so
 * that `splitCsvValues` gives exactly the same list back. Values without either read as they are.
 */
export function joinCsvValues(values: readonly string[]): string {
  return values.map((value) => value.replaceAll('\\', '\\\\').replaceAll(';', '\\;')).join(';');
}

/** The inverse of `joinCsvValues`; an empty cell is an empty list. */
export function splitCsvValues(cell: string): string[] {
  if (cell === '') return [];
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const char = cell[i]!;
    if (char === '\\' && i + 1 < cell.length) current += cell[++i];
    else if (char === ';') {
      values.push(current);
      current = '';
    } else current += char;
  }
  values.push(current);
  return values;
}
