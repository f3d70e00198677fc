import { describe, expect, it } from 'vitest';
import { billJsonChunksV1, billJsonWriter } from '../../src/report/json.js';
import type { Statement, StatementFigures } from '../../src/billing/statement.js';
import { bill, customer, entry } from '../helpers/build.js';

// The bill's JSON is produced a statement at a time (a million-entry month is more text than one string may
// hold), and must be exactly what JSON.stringify(…, null, 2) writes for the whole document.

/** The pieces the CLI writes, joined: head, each statement as it is billed, and the tail with the totals. */
function jsonOf(month: string, totals: StatementFigures, statements: readonly Statement[]): string {
  const writer = billJsonWriter(month);
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
      // The same statements as the current layout.
      expect(document.statements).toEqual(JSON.parse(jsonOf(billed.month, billed.totals, statements)).statements);
    }
  });
});
