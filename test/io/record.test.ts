import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryTable } from '../../src/billing/entry-table.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { Entry } from '../../src/billing/types.js';
import { CSV_DIALECTS } from '../../src/formats/csv-dialect.js';
import { readLinesRecord } from '../../src/io/month-store.js';
import { readRecordBin } from '../../src/io/read-record.js';
import { recordsNeeded } from '../../src/billing/billed-once.js';
import { lineSpans, recordWriter } from '../../src/report/record.js';
import { recordEncoder } from '../../src/formats/record.js';
import { billCustomerOf, planMonth } from '../../src/billing/bill-month.js';
import type { Statement } from '../../src/billing/statement.js';
import type { CustomerRow } from '../../src/billing/types.js';
import { monthTables, statementOutputs } from '../../src/report/month-folder.js';
import { indexCustomers } from '../../src/billing/tiers.js';
import { POLICY_SUPPLIER } from '../../src/formats/statement-document.js';
import { customer, entry, tableOf } from '../helpers/build.js';

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
        const { statements, bin } = billedWithRecord(entries, [customer('C1', 'STANDARD'), customer('C2', 'VIP')]);
        const lines = monthTables(dialect).find((t) => t.path === 'lines.csv')!;
        const rows = lines.rows(statements);
        const csv = lines.header + (typeof rows === 'string' ? rows : [...rows].join(''));

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

  it('encodes an entry from the columns to the very bytes it has as an object, whichever texts repeat across columns', () => {
    // One small pool of texts for every text column: a customer's id may be another entry's case or a
    // technician's name, and each text is numbered once per file whatever column it first appears in.
    const pool = fc.constantFrom('A', 'B', 'Jan Novák', '09:00', '2024-05-02', 'configuration', 'ř\nx');
    const row = fc.record({
      // Short and long ids and descriptions: the encoder copies short byte ranges itself and long ones as views.
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.string({ minLength: 60, maxLength: 90 })),
      customer: pool,
      // A case is copied as its bytes unless another column has its text: cases of the pool and of their own,
      // short and long (a length past one varint byte, past the bytes copied one by one).
      caseId: fc.option(fc.oneof(pool, fc.string({ minLength: 1, maxLength: 3 }), fc.string({ minLength: 130, maxLength: 150 })), { nil: null }),
      date: pool,
      start: fc.option(pool, { nil: null }),
      end: fc.option(pool, { nil: null }),
      technician: pool,
      activity: fc.option(pool, { nil: null }),
      minutes: fc.integer({ min: 0, max: 100_000 }),
      role: fc.constantFrom(null, 'technician' as const, 'consultant' as const),
      cause: fc.constantFrom(null, 'customer' as const, 'ipex' as const),
      billable: fc.constantFrom(null, true, false),
      description: fc.oneof(text, fc.string({ minLength: 40, maxLength: 200 })),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 40 }), (rows, order) => {
        const log = tableOf(rows.map((r, i) => ({ ...r, source: { file: 'log.csv', line: i + 2 } })));
        const picked = rows.length === 0 ? [] : order.map((n) => n % rows.length);
        const asObjects = recordEncoder();
        const fromColumns = recordEncoder();
        picked.forEach((r, line) => {
          asObjects.entry(log.entry(r), line);
          fromColumns.row(log, r, line);
        });
        expect(Buffer.from(fromColumns.take())).toEqual(Buffer.from(asObjects.take()));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps of a record exactly the entries that can change the bill, judged on bytes and texts as written (property)', () => {
    // The reasons recordsNeeded gives, stated over the entries' texts: the log has the id (R14), or the
    // customer's case (R2, R6), or it could be a consultation session's entry (R6) of the year, or of a case.
    // Case ids that are also another column's text (a customer, a date, a technician) share a number in the file.
    const caseIds = ['T1', 'T2', 'C1', '2024-05-02', 'Jan Novák', null] as const;
    const row = fc.record({
      id: fc.integer({ min: 1, max: 12 }),
      customer: fc.constantFrom('C1', 'C2'),
      caseId: fc.constantFrom(...caseIds),
      date: fc.constantFrom('2023-11-20', '2024-02-03', '2024-05-02'),
      activity: fc.constantFrom('configuration', 'development-consultation', null),
      billable: fc.constantFrom(null, true),
    });
    const asEntry = (r: typeof row extends fc.Arbitrary<infer T> ? T : never): Entry =>
      entry({ id: `E${r.id}`, customer: r.customer, caseId: r.caseId, date: r.date, activity: r.activity, billable: r.billable });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.array(row, { maxLength: 30 }), fc.subarray(['E1', 'E5', 'E9']), (logRows, recordRows, decided) => {
        const log = logRows.map(asEntry).map((e, n) => ({ ...e, id: `L${n}-${e.id}` }));
        // Some records have ids the log has, the others ids of their own.
        const records = recordRows.map(asEntry).map((e, n) => (n % 3 === 0 && log.length > 0 ? { ...e, id: log[n % log.length]!.id } : { ...e, id: `${e.id}-${n}` }));
        const logIds = new Set(log.map((e) => e.id));
        const logCases = new Set(log.filter((e) => e.caseId !== null).map((e) => `${e.customer} ${e.caseId}`));
        const expected = records.filter((e) => {
          const session = (e.billable === null && (e.activity === null || e.activity === 'development-consultation')) || decided.some((d) => e.id.startsWith(`${d}-`));
          return logIds.has(e.id) || logCases.has(`${e.customer} ${e.caseId}`) || (session && (e.caseId !== null || e.date.startsWith('2024')));
        });
        const encoder = recordEncoder();
        const head = encoder.start();
        records.forEach((e, n) => encoder.entry(e, n + 2));
        const decidedIds = new Set(records.filter((e) => decided.some((d) => e.id.startsWith(`${d}-`))).map((e) => e.id));
        const keep = recordsNeeded(tableOf(log), '2024-05', DEFAULT_PRICE_LIST, decidedIds);
        const table = new EntryTable();
        const read = readRecordBin(Buffer.concat([head, encoder.take()]), 'out/2024-04/record.bin', 'out/2024-04/lines.csv', table, 0, keep);
        expect(read.problems).toEqual([]);
        const kept = Array.from({ length: table.size }, (_, n) => table.entry(n));
        expect(kept).toEqual(expected.map((e) => ({ ...e, source: { file: 'out/2024-04/lines.csv', line: records.indexOf(e) + 2 } })));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a record.bin cut short or not a record at all, and keeps none of its entries', () => {
    const entries = [entry({ id: 'E1', description: 'Změna IVR' }), entry({ id: 'E2', minutes: 45 })];
    const { bin } = billedWithRecord(entries, [customer('C1', 'STANDARD')]);
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

/**
 * A month billed as `run` bills it, its statements and its record.bin: each statement's entries written from
 * the log's columns, by the rows billing names for its lines.
 */
function billedWithRecord(entries: readonly Entry[], customers: CustomerRow[]): { statements: Statement[]; bin: Buffer } {
  const log = tableOf(entries);
  const plan = planMonth({ month: '2024-05', log, customers, topUps: [], treatUnresolved: null }, DEFAULT_PRICE_LIST);
  expect(plan.issues).toEqual([]);
  const writer = recordWriter();
  const outputs = statementOutputs('2024-05', DEFAULT_PRICE_LIST, POLICY_SUPPLIER, indexCustomers(customers).value, monthTables());
  const statements: Statement[] = [];
  const pieces = [writer.start()];
  for (const id of plan.customers) {
    const { statement, lineRows, part } = billCustomerOf(plan, id);
    expect(part.issues).toEqual([]);
    if (!statement) continue;
    // The rows are those of the lines' entries, as the log has them.
    expect(Array.from(lineRows, (row) => log.entry(row))).toEqual(statement.lines.map((l) => l.entry));
    statements.push(statement);
    // The lines' spans as a run makes them (from the statement's rows of lines.csv when no value breaks a line).
    const { lineSpans: spans } = outputs(statement, null, 'files');
    expect(spans).toEqual(lineSpans(statement));
    pieces.push(writer.statement(log, lineRows, spans));
  }
  return { statements, bin: Buffer.concat(pieces) };
}
