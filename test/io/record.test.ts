import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryTable } from '../../src/billing/entry-table.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { Entry } from '../../src/billing/types.js';
import { CSV_DIALECTS } from '../../src/formats/csv-dialect.js';
import { readRecord } from '../../src/io/month-store.js';
import { monthTables } from '../../src/report/month-folder.js';
import { billEntries, customer } from '../helpers/build.js';

// Issue 14: lines.csv is the month's record. Whatever an entry says, in either CSV dialect, reading lines.csv
// back gives every entry on the statements exactly as it was billed from the log.

const text = fc.oneof(
  fc.constantFrom('', 'Změna "IVR", fronta', 'řádek\nnový', '=HYPERLINK("x")', "'=1", '+420 777', '-1', '@A1', ' ', 'a;b', 'Žluťoučký kůň'),
  fc.string({ unit: fc.constantFrom('a', 'ř', ',', ';', '"', '\n', '=', "'", ' ', '-') }),
);
// The reader trims values as it reads a log, so entries as read never begin or end with a space.
const trimmed = text.map((t) => t.trim());

const entriesArbitrary = fc
  .array(
    fc.record({
      customer: fc.constantFrom('C1', 'C2'),
      caseId: fc.option(trimmed.filter((t) => t !== ''), { nil: null }),
      day: fc.integer({ min: 1, max: 31 }),
      start: fc.option(fc.constantFrom('08:00', '13:45'), { nil: null }),
      minutes: fc.integer({ min: 1, max: 600 }),
      technician: trimmed.filter((t) => t !== ''),
      role: fc.constantFrom(null, 'technician', 'consultant'),
      activity: fc.constantFrom('configuration', 'outage', 'training', 'user-support'),
      billable: fc.constantFrom(null, true, false),
      description: trimmed,
    }),
    { maxLength: 25 },
  )
  .map((rows) =>
    rows.map(
      (row, index): Entry => ({
        id: `E${index}`,
        caseId: row.caseId,
        customer: row.customer,
        date: `2024-05-${String(row.day).padStart(2, '0')}`,
        start: row.start,
        end: null,
        minutes: row.minutes,
        technician: row.technician,
        role: row.role as Entry['role'],
        activity: row.activity,
        cause: null,
        billable: row.billable,
        description: row.description,
        source: { file: 'log.csv', line: index + 2 },
      }),
    ),
  );

describe('lines.csv as the month record (issue 14)', () => {
  it('reads back every billed entry exactly, in both dialects', () => {
    fc.assert(
      fc.property(entriesArbitrary, fc.constantFrom(...Object.values(CSV_DIALECTS)), (entries, dialect) => {
        const billed = billEntries(
          { month: '2024-05', entries, customers: [customer('C1', 'STANDARD'), customer('C2', 'VIP')], topUps: [], treatUnresolved: null },
          DEFAULT_PRICE_LIST,
        );
        expect(billed.issues).toEqual([]);
        const lines = monthTables(dialect).find((t) => t.path === 'lines.csv')!;
        const rows = lines.rows(billed.value!.statements);
        const file = lines.header + (typeof rows === 'string' ? rows : [...rows].join(''));
        const table = new EntryTable();
        const read = readRecord(Buffer.from(file, 'utf8'), 'lines.csv', 'ipex-bill/manifest@2', table, 0);
        expect(read.issues).toEqual([]);
        const recorded = Array.from({ length: table.size }, (_, row) => table.entry(row));
        const strip = (e: Entry) => ({ ...e, source: null });
        const onStatements = billed.value!.statements.flatMap((s) => s.lines.map((l) => l.entry));
        expect(recorded.map(strip)).toEqual(onStatements.map(strip));
        expect(onStatements).toHaveLength(entries.length);
      }),
      { numRuns: 200 },
    );
  });
});
