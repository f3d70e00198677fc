import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billCustomerOf, billMonth, monthBillOf, planMonth, planOver, planParts, type BillingInput } from '../../src/billing/bill-month.js';
import { EntryTable } from '../../src/billing/entry-table.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { Statement } from '../../src/billing/statement.js';
import type { CustomerRow, Entry } from '../../src/billing/types.js';
import type { Issue } from '../../src/billing/issue.js';
import { addEntry, customer, tableOf, topUp } from '../helpers/build.js';

// Issue 14: a large month is billed by two threads, each taking some customers; the main thread merges the
// parts of both into the bill in customer order (`monthBillOf`). Whatever the split, the bill, its problems
// and the statements that are part of it must be those of billing alone. The other thread is played here by
// the plan it is sent (`planParts`, through a structured clone as a message copies it) over the same shared
// columns, as the thread takes it (`planOver`).

const CUSTOMERS: CustomerRow[] = [
  customer('C1', 'NONE'), customer('C2', 'STANDARD'), customer('C3', 'PLUS'), customer('C4', 'VIP'),
  customer('C5', 'STANDARD'), customer('C6', 'PLUS', '2024-06-01'), customer('C7', 'VIP'), customer('C8', 'NONE'),
];
const ACTIVITIES = [...Object.keys(DEFAULT_PRICE_LIST.catalogue), 'nothing-known'];

/** Entries of many customers, some unknown or without a tier in force, some ids used twice, some unresolved. */
const monthArbitrary = fc
  .array(
    fc.record({
      customer: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9'),
      caseNo: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      date: fc.constantFrom('2024-04-12', '2024-04-30', '2024-05-01', '2024-05-15', '2024-05-31', '2024-06-01'),
      minutes: fc.integer({ min: 1, max: 300 }),
      activity: fc.constantFrom(...ACTIVITIES),
      billable: fc.constantFrom(null, null, true, false),
      reusedId: fc.integer({ min: 0, max: 30 }),
      billedInApril: fc.boolean(),
      editedSince: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    const log: Entry[] = rows.map((row, index) => ({
      // One id in thirty is used again: R14 reports it.
      id: row.reusedId === 0 && index > 0 ? 'E000' : `E${String(index).padStart(3, '0')}`,
      caseId: row.caseNo === null ? null : `T${row.caseNo}`,
      customer: row.customer,
      date: row.date,
      start: null,
      end: null,
      minutes: row.minutes,
      technician: 'Jan Novák',
      role: null,
      activity: row.activity,
      cause: row.caseNo === null ? null : row.caseNo % 2 === 0 ? 'customer' : 'ipex',
      billable: row.billable,
      description: `Práce ${index}`,
      source: { file: 'log.csv', line: index + 2 },
    }));
    // April is closed: some of its entries it billed (maybe edited since), the others come late.
    const april = log.filter((e, i) => e.date.startsWith('2024-04') && rows[i]!.billedInApril).map((e, i) => (rows[i]!.editedSince ? { ...e, minutes: e.minutes + 1 } : e));
    return { log, april };
  });

function inputOf(month: { log: Entry[]; april: Entry[] }): BillingInput {
  const records = new EntryTable();
  for (const e of month.april) addEntry(records, e, 0);
  return {
    month: '2024-05',
    log: tableOf(month.log),
    records,
    closedMonths: ['2024-04'],
    customers: CUSTOMERS,
    topUps: [topUp('C4', '2024-05', 1)],
    treatUnresolved: null,
  };
}

describe('a month billed in parts by two threads (issue 14)', () => {
  it('bills, reports and yields exactly as one thread, whichever customers the other thread takes', () => {
    fc.assert(
      fc.property(
        monthArbitrary,
        fc.array(fc.boolean(), { maxLength: 12 }),
        fc.boolean(),
        // `hours` bills month to date (R12), and maybe one customer.
        fc.constantFrom(undefined, '2024-05-01', '2024-05-15'),
        fc.constantFrom(undefined, 'C2', 'C4'),
        // `--reject-invalid` sets rows aside (every row of a duplicated id among them) and bills the rest.
        fc.boolean(),
        (month, taken, treat, upTo, onlyCustomer, reject) => {
          const rejectInvalid = reject ? { workLogs: new Set(['log.csv']), asWritten: (issue: Issue) => issue } : null;
          const input = { ...inputOf(month), treatUnresolved: treat ? ('free' as const) : null, upTo, onlyCustomer, rejectInvalid };
          const alone: Statement[] = [];
          const expected = billMonth(input, DEFAULT_PRICE_LIST, (s) => alone.push(s));

          const plan = planMonth(input, DEFAULT_PRICE_LIST);
          // The other thread's plan: the parts it is sent, over the same columns shared as the thread gets them.
          const sharedInput = { ...input, log: EntryTable.over(input.log.share()), records: EntryTable.over(input.records!.share()) };
          const other = planOver(sharedInput, DEFAULT_PRICE_LIST, structuredClone(planParts(plan)));
          expect(other.customers).toEqual(plan.customers);
          const merged = monthBillOf(plan);
          const kept: Statement[] = [];
          plan.customers.forEach((customer, n) => {
            const { statement, part, lineRows } = billCustomerOf(taken[n] === true ? other : plan, customer);
            // Each line names the log row its entry was read from (record.bin is written from them).
            expect(Array.from(lineRows, (row) => input.log.entry(row))).toEqual(statement?.lines.map((l) => l.entry) ?? []);
            if (merged.add(part) && statement) kept.push(statement);
          });
          expect(merged.done()).toEqual(expected);
          expect(kept).toEqual(alone);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a part that is not the customer asked for', () => {
    const plan = planMonth(inputOf({ log: [], april: [] }), DEFAULT_PRICE_LIST);
    const merged = monthBillOf(plan);
    expect(() => merged.add(billCustomerOf(plan, 'C3').part)).toThrow(/the part of C2 was expected, not C3/);
  });
});
