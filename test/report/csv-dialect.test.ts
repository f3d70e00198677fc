import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_DIALECTS, neutraliseFormula, restoreNeutralised, stringifyCsv, tableCsv, tableCsvChunks } from '../../src/formats/csv-dialect.js';

describe('spreadsheet safety (CSV injection)', () => {
  it('puts an apostrophe before values a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+420 777', '-5', '@SUM(A1)', '\tx', '\rx'].map(neutraliseFormula)).toEqual(["'=1+1", "'+420 777", "'-5", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['Jan Novák', '1+1', "it's", '', "'plain"].map(neutraliseFormula)).toEqual(['Jan Novák', '1+1', "it's", '', "'plain"]);
  });

  it('never lets a cell start with a formula character, and can always be undone exactly (property)', () => {
    const text = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ', 'č') });
    fc.assert(
      fc.property(text, (value) => {
        const safe = neutraliseFormula(value);
        expect(safe).not.toMatch(/^[=+\-@\t\r]/);
        expect(restoreNeutralised(safe)).toBe(value);
      }),
    );
  });

  it('neutralises every text cell of a table but not numbers', () => {
    const csv = tableCsv(['a', 'b'], [{ a: '=cmd|calc', b: 5 }], CSV_DIALECTS.rfc4180);
    expect(csv).toBe("a,b\n'=cmd|calc,5\n");
  });
});

describe('CSV dialects', () => {
  it('spells excel-cs with a BOM, semicolons and CRLF, quoting values that contain a semicolon', () => {
    const csv = tableCsv(['name', 'amount'], [{ name: 'Pekárna; s.r.o.', amount: '12,50' }], CSV_DIALECTS['excel-cs']);
    expect(csv).toBe('\uFEFFname;amount\r\n"Pekárna; s.r.o.";12,50\r\n');
  });
});

describe('the CSV writer', () => {
  // The writer is hand-written for speed; csv-stringify with the options the tool used to pass is the oracle.
  const oracle = (rows: (string | number)[][], dialect: (typeof CSV_DIALECTS)[keyof typeof CSV_DIALECTS], bom: boolean) =>
    stringify(rows, {
      delimiter: dialect.delimiter,
      record_delimiter: dialect.recordDelimiter === '\r\n' ? 'windows' : 'unix',
      eof: true,
      bom,
      cast: { string: neutraliseFormula },
      // Without this, csv-stringify 6.9 quotes only the record delimiter given: a lone CR (rfc4180) or LF
      // (excel-cs) in a value stays unquoted and reads back as a line end. The tool's old writer had that bug.
      quote_record_delimiter: true,
    });
  const cell = fc.oneof(
    fc.string({ unit: fc.constantFrom('"', ',', ';', '\n', '\r', '\t', "'", '=', '-', '+', '@', ' ', 'a', 'č', '\ufeff') }),
    fc.string(),
    fc.integer({ min: -1_000_000, max: 1_000_000_000 }),
  );

  it('writes exactly what csv-stringify writes, in both dialects (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 6 }), fc.constantFrom('rfc4180', 'excel-cs'), fc.boolean(), (rows, name, bom) => {
        const dialect = CSV_DIALECTS[name as keyof typeof CSV_DIALECTS];
        expect(stringifyCsv(rows, dialect, bom)).toBe(oracle(rows, dialect, bom));
      }),
      { numRuns: 500 },
    );
  });

  it('reads back, through csv-parse, as the cells written (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('rfc4180', 'excel-cs'), (rows, name) => {
        const dialect = CSV_DIALECTS[name as keyof typeof CSV_DIALECTS];
        const read = parse(stringifyCsv(rows, dialect, false), { delimiter: dialect.delimiter, relax_column_count: true }) as string[][];
        expect(read).toEqual(rows.map((row) => row.map((c) => (typeof c === 'number' ? String(c) : neutraliseFormula(c)))));
      }),
      { numRuns: 500 },
    );
  });

  it('in pieces, joins to the same text as in one piece, one BOM at the start (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ a: cell, b: cell }), { maxLength: 30 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom('rfc4180', 'excel-cs'), (rows, batch, name) => {
        const dialect = CSV_DIALECTS[name as keyof typeof CSV_DIALECTS];
        const pieces = [...tableCsvChunks(['a', 'b'] as const, rows, dialect, dialect.bom, batch)];
        expect(pieces.join('')).toBe(tableCsv(['a', 'b'] as const, rows, dialect));
      }),
    );
  });
});
