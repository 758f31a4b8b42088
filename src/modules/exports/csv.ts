import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV by csv-stringify: fields separated by commas, records ended by CRLF, a field quoted when it holds a
 * comma or a quote (quotes inside doubled), CR or LF, or leading or trailing white space (some readers trim
 * unquoted fields). csv-stringify quotes line breaks only when they equal the record delimiter, hence `quoted_match`.
 */
const CSV_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[\r\n]|^\s|\s$/, eof: true } as const;

export type CsvValue = string | number | null | undefined;

/** One record, with its CRLF; null and undefined are the empty field. */
export function csvRecord(values: readonly CsvValue[]): string {
  return stringify([values as CsvValue[]], CSV_OPTIONS);
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
