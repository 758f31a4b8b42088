import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord, joinCsvValues, splitCsvValues } from '../../src/modules/exports/csv.js';

/** The quoting rule the exports document: a field is quoted exactly when it needs to be, or has edge white space. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const field = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', '\u3000', '経', ';', '\\') }));

describe('CSV records', () => {
  it('read back as the same fields, quoted exactly when a field needs it, ended by CRLF', () => {
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (values) => {
        const record = csvRecord(values);
        expect(record.endsWith('\r\n')).toBe(true);
        expect(parse(record, { relax_column_count: true })).toEqual([values]);
        // Each field alone shows whether it was quoted.
        for (const value of values) expect(csvRecord([value]).startsWith('"')).toBe(NEEDS_QUOTES.test(value));
      }),
      { numRuns: 500 },
    );
  });

  it('write null and undefined as empty fields and numbers as they print', () => {
    expect(csvRecord([null, undefined, 12, 'x'])).toBe(',,12,x\r\n');
  });

  it('join several values in one cell so that splitting gives them back', () => {
    // A list of one empty value reads as an empty cell, i.e. no values: the codes joined this way are never empty.
    const lists = fc.array(field).filter((values) => !(values.length === 1 && values[0] === ''));
    fc.assert(
      fc.property(lists, (values) => {
        expect(splitCsvValues(joinCsvValues(values))).toEqual(values);
      }),
    );
    expect(splitCsvValues('')).toEqual([]);
  });
});
