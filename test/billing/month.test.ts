import { describe, expect, it } from 'vitest';
import { lastDayOfMonth, resolveMonthWord, shiftMonth } from '../../src/billing/month.js';

describe('months', () => {
  it('reads --month words against today in Prague', () => {
    expect(resolveMonthWord('previous', '2024-06-01')).toBe('2024-05');
    expect(resolveMonthWord('current', '2024-06-30')).toBe('2024-06');
    expect(resolveMonthWord('previous', '2025-01-15')).toBe('2024-12');
    expect(resolveMonthWord('2024-05', '2030-01-01')).toBe('2024-05');
    expect(resolveMonthWord('2024-13', '2024-06-01')).toBeNull();
    expect(resolveMonthWord('last', '2024-06-01')).toBeNull();
  });

  it('shifts months across years both ways', () => {
    expect(shiftMonth('2024-01', -1)).toBe('2023-12');
    expect(shiftMonth('2024-12', 1)).toBe('2025-01');
    expect(shiftMonth('2024-05', -17)).toBe('2022-12');
  });

  it('knows the last day of each month, leap years included', () => {
    expect(['2024-02', '2023-02', '1900-02', '2000-02', '2024-04', '2024-12'].map(lastDayOfMonth)).toEqual([
      '2024-02-29', '2023-02-28', '1900-02-28', '2000-02-29', '2024-04-30', '2024-12-31',
    ]);
  });
});
