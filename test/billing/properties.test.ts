import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { CustomerRow, Entry, TopUp } from '../../src/billing/types.js';
import { WORK_LOG_COLUMNS } from '../../src/io/read-work-log.js';
import { readLog } from '../helpers/read-log.js';
import { renderLinesCsv, renderSummaryCsv, renderUnitsCsv } from '../../src/report/csv.js';
import { billJsonWriter } from '../../src/report/json.js';
import { topUpAdvice } from '../../src/billing/top-up-advice.js';
import { billEntries, customer, topUp, type BilledMonth } from '../helpers/build.js';

const STEP = DEFAULT_PRICE_LIST.stepMinutes;
const ACTIVITIES = Object.keys(DEFAULT_PRICE_LIST.catalogue);
const CUSTOMERS: CustomerRow[] = [customer('C1', 'NONE'), customer('C2', 'STANDARD'), customer('C3', 'PLUS'), customer('C4', 'VIP')];
const TOP_UPS: TopUp[] = [topUp('C4', '2024-05', 1)];

/** Random but valid entries: every diagnostics case has one cause so nothing is unresolved. */
const entriesArbitrary = fc
  .array(
    fc.record({
      customer: fc.constantFrom('C1', 'C2', 'C3', 'C4'),
      caseNo: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      date: fc.constantFrom('2024-04-12', '2024-05-01', '2024-05-02', '2024-05-15', '2024-05-31', '2024-06-01'),
      start: fc.option(fc.constantFrom('08:00', '09:30', '13:00'), { nil: null }),
      minutes: fc.integer({ min: 1, max: 400 }),
      role: fc.constantFrom(null, 'technician', 'consultant'),
      activity: fc.constantFrom(...ACTIVITIES),
      billable: fc.constantFrom(null, null, null, true, false),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map(
      (row, index): Entry => ({
        id: `E${String(index).padStart(3, '0')}`,
        caseId: row.caseNo === null ? null : `T${row.caseNo}`,
        customer: row.customer,
        date: row.date,
        start: row.start,
        end: null,
        minutes: row.minutes,
        technician: 'Jan Novák',
        role: row.role,
        activity: row.activity,
        // The cause is a property of the case: derive it from the case so entries never disagree.
        cause: row.activity === 'diagnostics' || row.caseNo !== null ? ((row.caseNo ?? index) % 2 === 0 ? 'customer' : 'ipex') : null,
        billable: row.billable,
        description: `Práce "${index}", s čárkou`,
        source: { file: 'log.csv', line: index + 2 },
      }),
    ),
  );

function billOf(entries: readonly Entry[]): BilledMonth {
  const result = billEntries({ month: '2024-05', entries, customers: CUSTOMERS, topUps: TOP_UPS, treatUnresolved: null }, DEFAULT_PRICE_LIST);
  if (!result.value) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.value;
}

function jsonOf(bill: BilledMonth): string {
  const writer = billJsonWriter(bill.month, (s) => topUpAdvice(s, DEFAULT_PRICE_LIST));
  return writer.head + bill.statements.map((s) => writer.statement(s)).join('') + writer.tail(bill.totals);
}

function outputs(bill: BilledMonth): string[] {
  const { statements } = bill;
  return [renderSummaryCsv(statements), [...renderLinesCsv(statements)].join(''), [...renderUnitsCsv(statements)].join(''), jsonOf(bill)];
}

describe('billing invariants (fast-check)', () => {
  it('bills at least what was worked and less than one step more, per unit (R4)', () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        for (const s of billOf(entries).statements) {
          for (const u of s.units) {
            expect(u.roundedMinutes).toBeGreaterThanOrEqual(u.paidMinutes);
            expect(u.roundedMinutes - u.paidMinutes).toBeLessThan(STEP);
            expect(u.roundedMinutes % STEP).toBe(0);
          }
        }
      }),
    );
  });

  it('charges billable − covered, never covers more than included, and totals the sum of its parts (R5, R7, R8, R10)', () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const bill = billOf(entries);
        for (const s of bill.statements) {
          expect(s.chargedMinutes).toBe(s.billableMinutes - s.coveredMinutes);
          expect(s.coveredMinutes).toBeLessThanOrEqual(s.includedMinutes);
          expect(s.leftMinutes).toBe(s.includedMinutes - s.coveredMinutes);
          expect(s.workAmount).toBe(s.units.reduce((sum, u) => sum + u.amount, 0));
          expect(s.totalAmount).toBe(s.packageFee + s.topUpFee + s.workAmount);
          expect(s.workedMinutes).toBe(s.freeMinutes + s.lines.reduce((sum, l) => sum + l.paidMinutes, 0));
          for (const u of s.units) expect(u.coveredMinutes + u.chargedMinutes).toBe(u.roundedMinutes);
          // Once included minutes run out, no later unit is covered (chronological draw-down).
          const firstCharged = s.units.findIndex((u) => u.chargedMinutes > 0);
          if (firstCharged >= 0) expect(s.units.slice(firstCharged + 1).every((u) => u.coveredMinutes === 0)).toBe(true);
        }
        expect(bill.totals.totalAmount).toBe(bill.statements.reduce((sum, s) => sum + s.totalAmount, 0));
      }),
    );
  });

  it('puts every entry of the month on exactly one line (R14)', () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const billed = billOf(entries).statements.flatMap((s) => s.lines.map((l) => l.entry.id)).sort();
        expect(billed).toEqual(entries.filter((e) => e.date.startsWith('2024-05')).map((e) => e.id).sort());
      }),
    );
  });

  it('gives byte-identical outputs whatever the order of the rows (R13)', () => {
    fc.assert(
      fc.property(entriesArbitrary.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))), ([entries, shuffled]) => {
        expect(outputs(billOf(shuffled))).toEqual(outputs(billOf(entries)));
      }),
    );
  });

  it('gives byte-identical outputs when the log is split into two files (R13)', () => {
    const toCsv = (entries: readonly Entry[]) =>
      new TextEncoder().encode(
        stringify(
          entries.map((e) => ({
            ...e,
            case: e.caseId ?? '',
            start: e.start ?? '',
            end: '',
            role: e.role ?? '',
            activity: e.activity ?? '',
            cause: e.cause ?? '',
            billable: e.billable === null ? '' : e.billable ? 'yes' : 'no',
          })),
          { header: true, columns: WORK_LOG_COLUMNS.map((c) => c.name) },
        ),
      );
    const read = (bytes: Uint8Array, file: string) => {
      const parsed = readLog(bytes, file);
      expect(parsed.issues).toEqual([]);
      return parsed.value;
    };
    fc.assert(
      fc.property(entriesArbitrary, fc.nat(), (entries, cut) => {
        const at = entries.length === 0 ? 0 : cut % (entries.length + 1);
        const whole = read(toCsv(entries), 'all.csv');
        const split = [...read(toCsv(entries.slice(at)), 'b.csv'), ...read(toCsv(entries.slice(0, at)), 'a.csv')];
        expect(outputs(billOf(split))).toEqual(outputs(billOf(whole)));
      }),
      { numRuns: 50 },
    );
  });
});
