import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { roundUpToStep } from '../../src/billing/units.js';
import { drawDownIncluded } from '../../src/billing/draw-down.js';
import { customer, entry, statementOf, topUp } from '../helpers/build.js';

describe('R4 rounding: 15-minute steps per case', () => {
  it('bills three 5-minute calls on one case as 15 minutes, not 45', () => {
    const s = statementOf({
      customers: [customer('C1', 'NONE')],
      entries: ['08:15', '10:40', '16:05'].map((start, i) => entry({ id: `E${i}`, caseId: 'T1', start, minutes: 5, activity: 'user-support' })),
    });
    expect(s.units).toHaveLength(1);
    expect(s.units[0]).toMatchObject({ paidMinutes: 15, roundedMinutes: 15, amount: 25_000 });
  });

  it('rounds each case up separately', () => {
    const s = statementOf({
      customers: [customer('C1', 'NONE')],
      entries: [entry({ id: 'E1', caseId: 'T1', minutes: 5 }), entry({ id: 'E2', caseId: 'T2', minutes: 5 })],
    });
    expect(s.units.map((u) => u.roundedMinutes)).toEqual([15, 15]);
  });

  it('treats an entry without a case as a case of its own', () => {
    const s = statementOf({
      customers: [customer('C1', 'NONE')],
      entries: [entry({ id: 'E1', caseId: null, minutes: 5 }), entry({ id: 'E2', caseId: null, minutes: 5 })],
    });
    expect(s.units.map((u) => [u.caseId, u.first.id, u.roundedMinutes])).toEqual([
      [null, 'E1', 15],
      [null, 'E2', 15],
    ]);
  });

  it('leaves exact multiples alone and never rounds down', () => {
    expect([1, 14, 15, 16, 30, 31, 59, 60, 61].map((m) => roundUpToStep(m, 15))).toEqual([15, 15, 15, 30, 30, 45, 60, 60, 75]);
  });

  it('does not round FREE minutes', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'outage', minutes: 7 })] });
    expect(s).toMatchObject({ workedMinutes: 7, freeMinutes: 7, billableMinutes: 0 });
  });

  it('uses the step of the price list', () => {
    const s = statementOf({
      customers: [customer('C1', 'NONE')],
      priceList: { ...DEFAULT_PRICE_LIST, stepMinutes: 30 },
      entries: [entry({ id: 'E1', minutes: 10 })],
    });
    expect(s.units[0]?.roundedMinutes).toBe(30);
  });
});

describe('R5 included hours: chronological draw-down, no carry-over', () => {
  const unit = (first: string, rounded: number) => ({
    customer: 'C1', caseId: first, role: 'technician' as const, entryIds: [first], paidMinutes: rounded, roundedMinutes: rounded,
    first: entry({ id: first }),
  });

  it('covers units in order and splits the one that crosses the end of the included minutes', () => {
    const drawn = drawDownIncluded([unit('A', 30), unit('B', 45), unit('C', 30)], 60);
    expect(drawn.units.map((u) => [u.number, u.coveredMinutes, u.chargedMinutes])).toEqual([
      [1, 30, 0],
      [2, 30, 15],
      [3, 0, 30],
    ]);
    expect(drawn).toMatchObject({ coveredMinutes: 60, leftMinutes: 0 });
  });

  it('leaves unused minutes to expire', () => {
    expect(drawDownIncluded([unit('A', 15)], 180)).toMatchObject({ coveredMinutes: 15, leftMinutes: 165 });
  });

  it('orders units by their first entry: date, start time, entry id, whatever the input order', () => {
    const s = statementOf({
      entries: [
        entry({ id: 'E3', caseId: 'LATE', date: '2024-05-20', minutes: 60 }),
        entry({ id: 'E2', caseId: 'SAME-TIME-B', date: '2024-05-02', start: '09:00', minutes: 60 }),
        entry({ id: 'E1', caseId: 'SAME-TIME-A', date: '2024-05-02', start: '09:00', minutes: 60 }),
        entry({ id: 'E0', caseId: 'EARLY', date: '2024-05-02', start: '08:00', minutes: 60 }),
      ],
    });
    expect(s.units.map((u) => [u.caseId, u.coveredMinutes])).toEqual([
      ['EARLY', 60],
      ['SAME-TIME-A', 0],
      ['SAME-TIME-B', 0],
      ['LATE', 0],
    ]);
  });

  it('includes 60 / 180 / 360 minutes for STANDARD / PLUS / VIP and none for NONE', () => {
    const included = (tier: 'NONE' | 'STANDARD' | 'PLUS' | 'VIP') =>
      statementOf({ customers: [customer('C1', tier)], entries: [entry({ id: 'E1' })] }).includedMinutes;
    expect([included('NONE'), included('STANDARD'), included('PLUS'), included('VIP')]).toEqual([0, 60, 180, 360]);
  });

  it('adds 240 minutes per top-up block for that month only (R8)', () => {
    const entries = [entry({ id: 'E1', minutes: 600 })];
    const may = statementOf({ customers: [customer('C1', 'VIP')], topUps: [topUp('C1', '2024-05', 2)], entries });
    expect(may).toMatchObject({ includedMinutes: 840, coveredMinutes: 600, leftMinutes: 240 });
    const otherMonth = statementOf({ customers: [customer('C1', 'VIP')], topUps: [topUp('C1', '2024-04', 2)], entries });
    expect(otherMonth).toMatchObject({ includedMinutes: 360, topUpBlocks: 0, topUpFee: 0 });
  });

  it('does not carry unused minutes of an earlier month over (R5)', () => {
    const s = statementOf({
      entries: [entry({ id: 'E0', date: '2024-04-10', minutes: 5 }), entry({ id: 'E1', date: '2024-05-10', minutes: 120 })],
    });
    expect(s).toMatchObject({ includedMinutes: 60, coveredMinutes: 60, chargedMinutes: 60 });
  });
});

describe('R12 month-to-date figures equal what a run would bill at that moment', () => {
  // Chronological draw-down means work added later in the month never changes what was covered earlier.
  const entries = [
    entry({ id: 'E1', caseId: 'T1', date: '2024-05-02', minutes: 40 }),
    entry({ id: 'E2', caseId: 'T2', date: '2024-05-10', minutes: 40 }),
    entry({ id: 'E3', caseId: 'T3', date: '2024-05-20', minutes: 40 }),
  ];

  it('never changes the cover of earlier units when later entries arrive', () => {
    const full = statementOf({ entries });
    for (const cutOff of ['2024-05-05', '2024-05-15']) {
      const soFar = statementOf({ entries: entries.filter((e) => e.date <= cutOff) });
      for (const u of soFar.units) {
        const same = full.units.find((f) => f.caseId === u.caseId);
        expect([u.coveredMinutes, u.chargedMinutes, u.amount]).toEqual([same?.coveredMinutes, same?.chargedMinutes, same?.amount]);
      }
    }
  });
});
