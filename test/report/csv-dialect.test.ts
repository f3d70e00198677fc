import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_DIALECTS, neutraliseFormula, restoreNeutralised, tableCsv } from '../../src/report/csv-dialect.js';

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
