import { describe, expect, it } from 'vitest';
import { billJsonChunks } from '../../src/report/json.js';
import { bill, customer, entry } from '../helpers/build.js';

// The bill's JSON is produced a statement at a time (a million-entry month is more text than one string may
// hold), and must be exactly what JSON.stringify(…, null, 2) writes for the whole document.

describe('--json output in chunks', () => {
  const billed = bill({
    entries: [
      entry({ id: 'E1', customer: 'C1', description: 'Změna "IVR"\nřádek' }),
      entry({ id: 'E2', customer: 'C2', caseId: 'T9', minutes: 50, activity: 'outage' }),
    ],
    customers: [customer('C1', 'STANDARD'), customer('C2', 'VIP'), customer('C3', 'PLUS')],
  }).bill!;

  it('is JSON.stringify of the whole document, byte for byte', () => {
    const text = [...billJsonChunks(billed.month, billed.totals, billed.statements.length, billed.statements)].join('');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(JSON.parse(text).statements.map((s: { customer: string }) => s.customer)).toEqual(['C1', 'C2', 'C3']);
  });

  it('gives one chunk per statement besides the head and the end', () => {
    expect([...billJsonChunks(billed.month, billed.totals, billed.statements.length, billed.statements)]).toHaveLength(billed.statements.length + 2);
  });

  it('writes a month without statements as an empty list', () => {
    const empty = { ...billed, statements: [] };
    const text = [...billJsonChunks(empty.month, empty.totals, 0, [])].join('');
    expect(JSON.parse(text).statements).toEqual([]);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });
});
