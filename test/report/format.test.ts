import { describe, expect, it } from 'vitest';
import { statementBaseName } from '../../src/report/file-names.js';
import { formatCsvAmount, formatCzk, formatHours } from '../../src/report/format.js';

describe('formatting for people and for accounting', () => {
  it('writes CSV amounts as CZK with two decimals and a dot, no grouping', () => {
    expect([0, 5, 95_000, 220_000, 123_456_789].map((amount) => formatCsvAmount(amount))).toEqual(['0.00', '0.05', '950.00', '2200.00', '1234567.89']);
  });

  it('writes amounts for people the Czech way', () => {
    expect([0, 95_000, 125_000, 3_635_000, 125_050, 100_000_000].map(formatCzk)).toEqual([
      '0 Kč', '950 Kč', '1 250 Kč', '36 350 Kč', '1 250,50 Kč', '1 000 000 Kč',
    ]);
  });

  it('writes minutes as h:mm', () => {
    expect([0, 5, 60, 90, 690, 6000].map(formatHours)).toEqual(['0:00', '0:05', '1:00', '1:30', '11:30', '100:00']);
  });
});

describe('statement file names', () => {
  it('keeps plain customer ids as they are', () => {
    expect(['C01', 'acme-s.r.o', 'CUST_7'].map(statementBaseName)).toEqual(['C01', 'acme-s.r.o', 'CUST_7']);
  });

  it('makes any other id safe and keeps ids that look alike apart', () => {
    const names = ['A/B', 'A_B', '../etc', 'Čertík & syn', 'CON', 'x'.repeat(200), '', '.hidden'].map(statementBaseName);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).not.toBe(names[1]);
    expect(names[3]).toMatch(/^Certik_syn-[0-9a-f]{8}$/);
  });
});
