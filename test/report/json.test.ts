import { describe, expect, it } from 'vitest';
import { billJsonChunksV1, billJsonWriter } from '../../src/report/json.js';
import type { Statement, StatementFigures } from '../../src/billing/statement.js';
import { bill, customer, entry } from '../helpers/build.js';
import { topUpAdvice } from '../../src/billing/top-up-advice.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { describeUsage } from '../../src/billing/usage.js';
import { renderUsageJson } from '../../src/report/hours.js';

// The bill's JSON is produced a statement at a time (a million-entry month is more text than one string may
// hold), and must be exactly what JSON.stringify(…, null, 2) writes for the whole document.

/** The pieces the CLI writes, joined: head, each statement as it is billed, and the tail with the totals. */
function jsonOf(month: string, totals: StatementFigures, statements: readonly Statement[]): string {
  const writer = billJsonWriter(month, (s) => topUpAdvice(s, DEFAULT_PRICE_LIST));
  return writer.head + statements.map((s) => writer.statement(s)).join('') + writer.tail(totals);
}

describe('--json output in pieces', () => {
  const billed = bill({
    entries: [
      entry({ id: 'E1', customer: 'C1', description: 'Změna "IVR"\nřádek' }),
      entry({ id: 'E2', customer: 'C2', caseId: 'T9', minutes: 50, activity: 'outage' }),
    ],
    customers: [customer('C1', 'STANDARD'), customer('C2', 'VIP'), customer('C3', 'PLUS')],
  }).bill!;

  it('is JSON.stringify of the whole document, byte for byte, with the totals after the statements (month-bill@2)', () => {
    const text = jsonOf(billed.month, billed.totals, billed.statements);
    const document = JSON.parse(text);
    expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(Object.keys(document)).toEqual(['schema', 'month', 'statements', 'totals']);
    expect(document.schema).toBe('ipex-bill/month-bill@2');
    expect(document.statements.map((s: { customer: string }) => s.customer)).toEqual(['C1', 'C2', 'C3']);
    // STANDARD 950 Kč + VIP 5 000 Kč + PLUS 2 500 Kč, and no work beyond the packages: 8 450 Kč.
    expect(document.totals.total_amount_haler).toBe(845_000);
  });

  it('gives each statement its top-up advice (R8, issue 16): null, or what one more block would have saved', () => {
    // By hand: a VIP with 900 minutes of configuration on one case: 360 included, 540 charged = 9 000 CZK;
    // with a block 600 included, 300 charged = 5 000 + 3 800 = 8 800 CZK: 200 CZK less.
    const vip = bill({ entries: [entry({ id: 'E1', customer: 'C2', caseId: 'T1', activity: 'configuration', minutes: 900 })], customers: [customer('C1', 'STANDARD'), customer('C2', 'VIP')] }).bill!;
    const document = JSON.parse(jsonOf(vip.month, vip.totals, vip.statements));
    expect(document.statements.map((s: { top_up_advice: unknown }) => s.top_up_advice)).toEqual([null, { blocks: 1, price_haler: 380_000, minutes: 240, saving_haler: 20_000 }]);
    // Without advice (how months of manifest@2 and @3 hashed their bill) the field is not there at all.
    const writer = billJsonWriter(vip.month, null);
    expect(Object.keys(JSON.parse(writer.head + vip.statements.map((s) => writer.statement(s)).join('') + writer.tail(vip.totals)).statements[0])).not.toContain('top_up_advice');
  });

  it('writes a month without statements as an empty list', () => {
    const text = jsonOf(billed.month, billed.totals, []);
    expect(JSON.parse(text).statements).toEqual([]);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('still writes the first version\u2019s layout (totals first), to compare with months it closed', () => {
    for (const statements of [billed.statements, []]) {
      const text = [...billJsonChunksV1(billed.month, billed.totals, statements.length, statements)].join('');
      const document = JSON.parse(text);
      expect(text).toBe(`${JSON.stringify(document, null, 2)}\n`);
      expect(Object.keys(document)).toEqual(['schema', 'month', 'totals', 'statements']);
      expect(document.schema).toBe('ipex-bill/month-bill@1');
      // The same statements as the current layout, which adds each one's top-up advice.
      const current = JSON.parse(jsonOf(billed.month, billed.totals, statements)).statements as Record<string, unknown>[];
      expect(document.statements).toEqual(current.map(({ top_up_advice: _advice, ...rest }) => rest));
    }
  });
});

describe('hours --json in pieces (issue 14)', () => {
  const billed = bill({
    entries: [
      entry({ id: 'E1', customer: 'C1', description: 'Změna "IVR"\nřádek', minutes: 200 }),
      entry({ id: 'E2', customer: 'C2', caseId: 'T9', minutes: 50, activity: 'outage' }),
    ],
    customers: [customer('C1', 'STANDARD', null, 'Pekárna\u202e'), customer('C2', 'VIP')],
  }).bill!;
  const usages = billed.statements.map((s) => describeUsage(s, DEFAULT_PRICE_LIST));

  it('joined, is the document as JSON.stringify(…, null, 2) writes it, for no, one or several customers', () => {
    for (const shown of [[], usages.slice(0, 1), usages]) {
      for (const billedAs of [null, { version: 2, createdAt: '2024-06-01T10:00:00+02:00', differ: ['C1'] }]) {
        const text = [...renderUsageJson(shown, '2024-05', '2024-05-31', billedAs)].join('');
        const document = JSON.parse(text);
        // The one change from JSON.stringify: bidi and C1 characters written as \u escapes (issue 13).
        expect(text).toBe(`${JSON.stringify(document, null, 2).replace('\u202e', '\\u202e')}\n`);
        expect(document.customers.map((c: { customer: string }) => c.customer)).toEqual(shown.map((u) => u.customer));
        expect(document.billed_as?.would_differ_now ?? null).toEqual(billedAs?.differ ?? null);
      }
    }
  });
});
