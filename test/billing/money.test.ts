import { describe, expect, it } from 'vitest';
import { priceMinutes } from '../../src/billing/money.js';
import { customer, entry, statementOf } from '../helpers/build.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';

describe('R10 money is exact', () => {
  it('prices 15 minutes at 1 000 CZK/h as exactly 250 CZK (25 000 haléřů)', () => {
    expect(priceMinutes(15, 100_000)).toBe(25_000);
    expect(priceMinutes(45, 150_000)).toBe(112_500);
  });

  it('rounds half up to a whole haléř, once, when a rate does not divide evenly', () => {
    // 1 minute at 1 001 CZK/h = 100 100 / 60 = 1 668.33… haléřů → 1 668; 2 minutes = 3 336.66… → 3 337
    expect(priceMinutes(1, 100_100)).toBe(1668);
    expect(priceMinutes(2, 100_100)).toBe(3337);
    // 3 minutes at 0.10 CZK/h = 30/60 = 0.5 haléře → 1 (half up)
    expect(priceMinutes(3, 10)).toBe(1);
  });

  it('refuses fractional minutes or rates (a bug, not bad data)', () => {
    expect(() => priceMinutes(1.5, 100_000)).toThrow(/internal/);
    expect(() => priceMinutes(15, 0.1)).toThrow(/internal/);
  });

  it('keeps every amount of a statement an integer number of haléřů with an odd rate', () => {
    const s = statementOf({
      customers: [customer('C1', 'NONE')],
      priceList: { ...DEFAULT_PRICE_LIST, stepMinutes: 1, hourlyRates: { technician: 100_100, consultant: 150_000 } },
      entries: [entry({ id: 'E1', caseId: 'A', minutes: 1 }), entry({ id: 'E2', caseId: 'B', minutes: 2 })],
    });
    expect(s.units.map((u) => u.amount)).toEqual([1668, 3337]);
    expect(s.workAmount).toBe(1668 + 3337);
    expect(Number.isInteger(s.totalAmount)).toBe(true);
  });
});
