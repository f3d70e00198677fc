import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryTable } from '../../src/billing/entry-table.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { Entry } from '../../src/billing/types.js';
import { CSV_DIALECTS } from '../../src/formats/csv-dialect.js';
import { readLinesRecord } from '../../src/io/month-store.js';
import { readRecordBin } from '../../src/io/read-record.js';
import { recordWriter } from '../../src/report/record.js';
import { monthTables } from '../../src/report/month-folder.js';
import { billEntries, customer, entry } from '../helpers/build.js';

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

describe('the month record, lines.csv and record.bin (issue 14)', () => {
  it('reads back every billed entry exactly from both, in both dialects, each named by its row of lines.csv', () => {
    fc.assert(
      fc.property(entriesArbitrary, fc.constantFrom(...Object.values(CSV_DIALECTS)), (entries, dialect) => {
        const billed = billEntries(
          { month: '2024-05', entries, customers: [customer('C1', 'STANDARD'), customer('C2', 'VIP')], topUps: [], treatUnresolved: null },
          DEFAULT_PRICE_LIST,
        );
        expect(billed.issues).toEqual([]);
        const statements = billed.value!.statements;
        const lines = monthTables(dialect).find((t) => t.path === 'lines.csv')!;
        const rows = lines.rows(statements);
        const csv = lines.header + (typeof rows === 'string' ? rows : [...rows].join(''));
        const writer = recordWriter();
        const bin = Buffer.concat([writer.start(), ...statements.map((s) => writer.statement(s))]);

        const fromCsv = new EntryTable();
        expect(readLinesRecord(Buffer.from(csv, 'utf8'), 'out/2024-05/lines.csv', 'ipex-bill/manifest@2', fromCsv, 0).issues).toEqual([]);
        const fromBin = new EntryTable();
        expect(readRecordBin(bin, 'out/2024-05/record.bin', 'out/2024-05/lines.csv', fromBin, 0).problems).toEqual([]);
        const all = (table: EntryTable) => Array.from({ length: table.size }, (_, row) => table.entry(row));

        const onStatements = statements.flatMap((s) => s.lines.map((l) => l.entry));
        expect(onStatements).toHaveLength(entries.length);
        const strip = (e: Entry) => ({ ...e, source: null });
        expect(all(fromCsv).map(strip)).toEqual(onStatements.map(strip));
        // The same entries with the same source: the binary record names each entry's row as the CSV reader finds it.
        expect(all(fromBin)).toEqual(all(fromCsv));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a record.bin cut short or not a record at all, and keeps none of its entries', () => {
    const entries = [entry({ id: 'E1', description: 'Změna IVR' }), entry({ id: 'E2', minutes: 45 })];
    const billed = billEntries({ month: '2024-05', entries, customers: [customer('C1', 'STANDARD')], topUps: [], treatUnresolved: null }, DEFAULT_PRICE_LIST);
    const writer = recordWriter();
    const bin = Buffer.concat([writer.start(), ...billed.value!.statements.map((s) => writer.statement(s))]);
    const read = (bytes: Uint8Array) => {
      const table = new EntryTable();
      const result = readRecordBin(bytes, 'record.bin', 'lines.csv', table, 0);
      return { ...result, size: table.size };
    };
    expect(read(bin)).toEqual({ entries: 2, problems: [], size: 2 });
    expect(read(bin.subarray(0, bin.length - 3))).toEqual({ entries: 0, problems: ['record.bin: entry 2 is cut short or incomplete; it is not a record as this tool writes them'], size: 0 });
    expect(read(Buffer.from('id,customer\n'))).toEqual({ entries: 0, problems: ['record.bin: it does not start as a record file; it is not a record as this tool writes them'], size: 0 });
  });
});
