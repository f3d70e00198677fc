import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import type { CustomerRow, Entry, TopUp } from '../../src/billing/types.js';
import { documentJson, POLICY_SUPPLIER, statementDocumentSchema } from '../../src/formats/statement-document.js';
import { statementDocument } from '../../src/report/statement-document.js';
import { topUpAdvice } from '../../src/billing/top-up-advice.js';
import { billEntries, customer, topUp } from '../helpers/build.js';

// Issue 15: the statement document (what a PDF shows) says what the statement says, and reads back from
// documents.jsonl exactly as the run rendered it; activities written by their Czech names bill as their codes.

const CATALOGUE = DEFAULT_PRICE_LIST.catalogue;
const CODES = Object.keys(CATALOGUE);
const CUSTOMERS: CustomerRow[] = [customer('C1', 'NONE'), customer('C2', 'STANDARD'), customer('C3', 'PLUS'), customer('C4', 'VIP')];
const TOP_UPS: TopUp[] = [topUp('C4', '2024-05', 2)];

const rowsArbitrary = fc.array(
  fc.record({
    customer: fc.constantFrom('C1', 'C2', 'C3', 'C4'),
    caseNo: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    date: fc.constantFrom('2024-03-12', '2024-05-02', '2024-05-15', '2024-05-31'),
    start: fc.option(fc.constantFrom('08:00', '09:30', '13:00'), { nil: null }),
    minutes: fc.integer({ min: 1, max: 300 }),
    role: fc.constantFrom(null, 'technician', 'consultant'),
    activity: fc.constantFrom(...CODES),
    billable: fc.constantFrom(null, null, null, true, false),
    spelling: fc.nat(),
  }),
  { maxLength: 30 },
);

type Row = typeof rowsArbitrary extends fc.Arbitrary<(infer R)[]> ? R : never;

/** The entries, each activity written as its code or as one of its names, in `spell`'s way. */
function entriesOf(rows: Row[], spell: (code: string, variant: number) => string): Entry[] {
  return rows.map((row, index) => ({
    id: `E${String(index).padStart(3, '0')}`,
    caseId: row.caseNo === null ? null : `T${row.caseNo}`,
    customer: row.customer,
    date: row.date,
    start: row.start,
    end: null,
    minutes: row.minutes,
    technician: 'Jan Novák',
    role: row.role as Entry['role'],
    activity: spell(row.activity, row.spelling),
    cause: (row.caseNo ?? index) % 2 === 0 ? 'customer' : 'ipex',
    billable: row.billable,
    description: `Práce ${index}`,
    source: { file: 'log.csv', line: index + 2 },
  }));
}

/** An activity as a technician might write it: the code, the Czech or English name or a short form, in any case, with or without accents. */
function anySpelling(code: string, variant: number): string {
  const item = CATALOGUE[code]!;
  const forms = [code, item.names!.cs, item.names!.en, ...(item.aliases ?? [])];
  const form = forms[variant % forms.length]!;
  const plain = (variant >> 3) % 2 === 1 ? form.normalize('NFD').replace(/\p{M}/gu, '') : form;
  return (variant >> 4) % 3 === 0 ? plain.toUpperCase() : (variant >> 4) % 3 === 1 ? plain : plain.charAt(0).toUpperCase() + plain.slice(1);
}

const bill = (entries: Entry[]) => {
  const result = billEntries({ month: '2024-05', entries, customers: CUSTOMERS, topUps: TOP_UPS, treatUnresolved: null }, DEFAULT_PRICE_LIST);
  if (!result.value) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.value;
};

describe('statement documents (issue 15)', () => {
  it('say what the statement says, and read back from their JSON line exactly as they were rendered (property)', () => {
    fc.assert(
      fc.property(rowsArbitrary, (rows) => {
        for (const s of bill(entriesOf(rows, (code) => code)).statements) {
          const d = statementDocument({
            statement: s, row: CUSTOMERS.find((c) => c.customer === s.customer)!, supplier: POLICY_SUPPLIER, priceList: DEFAULT_PRICE_LIST,
            invoiceKey: `2024-05/${s.customer}`, topUpAdvice: topUpAdvice(s, DEFAULT_PRICE_LIST),
          });
          // Written as @2 (lines and units as arrays), read back as the same document; so is the same in @1.
          expect(statementDocumentSchema.parse(JSON.parse(documentJson(d)))).toEqual(d);
          const asV1 = { ...d, format: 'ipex-bill/statement-document@1' as const };
          expect(statementDocumentSchema.parse(JSON.parse(JSON.stringify(asV1)))).toEqual(asV1);
          expect(d.totalAmount).toBe(d.packageFee + d.topUpFee + d.workAmount);
          expect(d.totalAmount).toBe(s.totalAmount);
          expect(d.units.reduce((sum, u) => sum + u.amount, 0)).toBe(d.workAmount);
          expect(d.units.reduce((sum, u) => sum + u.chargedMinutes, 0)).toBe(d.chargedMinutes);
          expect(d.lines.reduce((sum, l) => sum + l.minutes, 0)).toBe(s.workedMinutes);
          expect(d.lines.map((l) => l.description)).toEqual(s.lines.map((l) => l.entry.description));
          expect(d.includedMinutes).toBe(d.tierMinutes + d.topUpMinutes);
          expect(d.coveredMinutes + d.leftMinutes).toBe(d.includedMinutes);
          // Every line's activity has a Czech and an English name on the page; only VIPs count consultations.
          for (const line of d.lines) if (line.activity !== null) expect(d.activities[line.activity]).toEqual(CATALOGUE[line.activity]!.names);
          expect(d.sessions !== null).toBe(s.tier === 'VIP');
          // A paid line points at a unit of the document.
          for (const line of d.lines) if (line.unit !== null) expect(d.units.some((u) => u.number === line.unit)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('R1: activities written by their Czech or English names, short forms, any case, with or without accents, bill exactly as their codes (property)', () => {
    fc.assert(
      fc.property(rowsArbitrary, (rows) => {
        const byCode = bill(entriesOf(rows, (code) => code));
        const byName = bill(entriesOf(rows, anySpelling));
        expect(byName.totals).toEqual(byCode.totals);
        expect(byName.statements.map((s) => s.lines.map((l) => [l.activity, l.class, l.freeMinutes, l.paidMinutes]))).toEqual(
          byCode.statements.map((s) => s.lines.map((l) => [l.activity, l.class, l.freeMinutes, l.paidMinutes])),
        );
      }),
      { numRuns: 150 },
    );
  });
});
