import { describe, expect, it } from 'vitest';
import { bill, customer, entry, statementOf, topUp } from '../helpers/build.js';

describe('R7 monthly package fee', () => {
  it('charges 950 / 2 500 / 5 000 CZK for STANDARD / PLUS / VIP even without work', () => {
    const result = bill({
      customers: [customer('S', 'STANDARD'), customer('P', 'PLUS'), customer('V', 'VIP')],
      entries: [],
    });
    expect(result.bill?.statements.map((s) => [s.customer, s.packageFee, s.totalAmount, s.lines.length])).toEqual([
      ['P', 250_000, 250_000, 0],
      ['S', 95_000, 95_000, 0],
      ['V', 500_000, 500_000, 0],
    ]);
  });

  it('gives a NONE customer without entries no statement, and one with entries a statement without fee', () => {
    const result = bill({
      customers: [customer('IDLE', 'NONE'), customer('BUSY', 'NONE')],
      entries: [entry({ id: 'E1', customer: 'BUSY', minutes: 30 })],
    });
    expect(result.bill?.statements.map((s) => [s.customer, s.packageFee, s.totalAmount])).toEqual([['BUSY', 0, 50_000]]);
  });
});

describe('R8 top-up blocks', () => {
  it('charges 3 800 CZK a block, used or not', () => {
    const s = statementOf({ customers: [customer('C1', 'VIP')], topUps: [topUp('C1', '2024-05', 2)], entries: [] });
    expect(s).toMatchObject({ topUpBlocks: 2, topUpFee: 760_000, totalAmount: 500_000 + 760_000, leftMinutes: 360 + 480 });
  });

  it('rejects a top-up for a tier that cannot buy one', () => {
    const result = bill({ customers: [customer('C1', 'PLUS')], topUps: [topUp('C1', '2024-05', 1)], entries: [] });
    expect(result.bill).toBeNull();
    expect(result.issues).toMatchObject([{ code: 'topup-not-allowed', source: { file: 'topups.csv', column: 'blocks' } }]);
  });

  it('rejects a top-up for an unknown customer', () => {
    const result = bill({ topUps: [topUp('NOBODY', '2024-05', 1)], entries: [] });
    expect(result.issues.map((i) => i.code)).toEqual(['unknown-customer']);
  });

  it('rejects a second top-up row for the same customer and month instead of billing it twice', () => {
    const result = bill({ customers: [customer('C1', 'VIP')], topUps: [topUp('C1', '2024-05', 1), topUp('C1', '2024-05', 1)], entries: [] });
    expect(result.issues.map((i) => i.code)).toEqual(['duplicate-topup']);
  });

  it('checks only the billing month\u2019s top-ups', () => {
    const result = bill({ customers: [customer('C1', 'PLUS')], topUps: [topUp('C1', '2024-03', 1)], entries: [] });
    expect(result.issues).toEqual([]);
  });
});

describe('R9 tier changes', () => {
  it('applies the tier in force on the first day to the whole month', () => {
    const s = statementOf({
      customers: [customer('C1', 'PLUS', '2023-01-01'), customer('C1', 'VIP', '2024-05-15')],
      entries: [entry({ id: 'E1', date: '2024-05-20' })],
    });
    expect(s).toMatchObject({ tier: 'PLUS', packageFee: 250_000, includedMinutes: 180 });
  });

  it('applies a change valid from the first day of the month', () => {
    const s = statementOf({ customers: [customer('C1', 'STANDARD', '2023-01-01'), customer('C1', 'PLUS', '2024-05-01')], entries: [] });
    expect(s.tier).toBe('PLUS');
  });

  it('uses the first row of a customer who starts inside the month, without proration', () => {
    const s = statementOf({ customers: [customer('C1', 'STANDARD', '2024-05-10')], entries: [entry({ id: 'E1', date: '2024-05-12' })] });
    expect(s).toMatchObject({ tier: 'STANDARD', packageFee: 95_000 });
  });

  it('rejects work for a customer whose first row starts after the month', () => {
    const result = bill({ customers: [customer('C1', 'STANDARD', '2024-06-01')], entries: [entry({ id: 'E1' })] });
    expect(result.issues.map((i) => i.code)).toEqual(['no-tier-in-force']);
  });

  it('rejects two rows of one customer with the same valid_from', () => {
    const result = bill({ customers: [customer('C1', 'STANDARD', '2024-01-01'), customer('C1', 'PLUS', '2024-01-01')], entries: [] });
    expect(result.issues.map((i) => i.code)).toEqual(['duplicate-customer-row']);
  });

  it('rejects work for a customer not in the customer file', () => {
    const result = bill({ entries: [entry({ id: 'E1', customer: 'GHOST' })] });
    expect(result.issues).toMatchObject([{ code: 'unknown-customer', value: 'GHOST', entryId: 'E1' }]);
  });
});

describe('R11 statement', () => {
  it('lists every entry of the month with its class and unit, and totals that add up', () => {
    const s = statementOf({
      entries: [
        entry({ id: 'E2', caseId: 'T1', date: '2024-05-03', minutes: 50 }),
        entry({ id: 'E1', caseId: 'T2', date: '2024-05-02', activity: 'outage', minutes: 20 }),
      ],
    });
    expect(s.lines.map((l) => [l.entry.id, l.class, l.unitNumber])).toEqual([
      ['E1', 'FREE', null],
      ['E2', 'PAID', 1],
    ]);
    expect(s).toMatchObject({ workedMinutes: 70, freeMinutes: 20, billableMinutes: 60, coveredMinutes: 60, chargedMinutes: 0, leftMinutes: 0 });
    expect(s.totalAmount).toBe(s.packageFee + s.topUpFee + s.workAmount);
  });
});

describe('R14 nothing billed twice, nothing lost', () => {
  it('rejects two entries with the same id, even in different files', () => {
    const result = bill({
      entries: [entry({ id: 'E1' }), entry({ id: 'E1', source: { file: 'second.csv', line: 2 } })],
    });
    expect(result.bill).toBeNull();
    expect(result.issues).toMatchObject([{ code: 'duplicate-entry', source: { file: 'second.csv', line: 2, column: 'id' } }]);
    expect(result.issues[0]?.message).toContain('work-log.csv:');
  });

  it('puts every entry of the month on exactly one statement line and no other month\u2019s entry', () => {
    const entries = [
      entry({ id: 'A', date: '2024-04-30' }),
      entry({ id: 'B', date: '2024-05-01' }),
      entry({ id: 'C', date: '2024-05-31', activity: 'outage' }),
      entry({ id: 'D', date: '2024-06-01' }),
    ];
    const result = bill({ entries });
    const ids = result.bill?.statements.flatMap((s) => s.lines.map((l) => l.entry.id));
    expect(ids).toEqual(['B', 'C']);
    expect(result.bill?.entryCounts).toMatchObject({ earlier: 1, later: 1, late: 0, alreadyBilled: 0 });
  });

  it('reports every problem at once rather than the first', () => {
    const result = bill({
      entries: [entry({ id: 'E1', customer: 'GHOST' }), entry({ id: 'E1', activity: 'mystery' }), entry({ id: 'E3', activity: 'diagnostics' })],
    });
    expect(result.issues.map((i) => i.code).sort()).toEqual(['duplicate-entry', 'unknown-customer', 'unresolved-activity', 'unresolved-cause']);
  });
});
