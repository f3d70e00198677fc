import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryTable, NONE } from '../../src/billing/entry-table.js';
import { addEntry, entry } from '../helpers/build.js';

// Issue 14: a large log's columns are given room for the whole file at once (`reserve`) and let go of what is
// left over once it is read (`compact`); neither may change a row.

const rowsOf = (table: EntryTable) => Array.from({ length: table.size }, (_, row) => table.entry(row));

describe('EntryTable reserve and compact', () => {
  it('keep every row as added, whatever room was reserved, and take more rows after compacting (property)', () => {
    const anEntry = fc.record({ id: fc.string({ maxLength: 12 }), description: fc.string({ unit: 'grapheme', maxLength: 30 }), minutes: fc.nat(600) });
    fc.assert(
      fc.property(fc.array(anEntry, { maxLength: 80 }), fc.array(anEntry, { maxLength: 80 }), fc.nat(5000), fc.nat(5000), (before, after, rows, bytes) => {
        const table = new EntryTable();
        const expected = [...before, ...after].map((fields, n) => entry({ ...fields, id: `${fields.id}#${n}` }));
        expected.slice(0, before.length).forEach((e) => addEntry(table, e, NONE));
        table.reserve(rows, bytes, bytes);
        table.compact();
        expected.slice(before.length).forEach((e) => addEntry(table, e, NONE));
        expect(rowsOf(table)).toEqual(expected);
        table.compact();
        expect(table.customer.length).toBeLessThanOrEqual(table.size * 1.125); // room of more than an eighth is let go
        expect(rowsOf(table)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
