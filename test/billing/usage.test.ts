import { describe, expect, it } from 'vitest';
import { findCustomers, foldForSearch } from '../../src/billing/customer-search.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { describeUsage, sortUsage } from '../../src/billing/usage.js';
import { customer, entry, statementOf } from '../helpers/build.js';

const customers = [
  { customer: 'C01', name: 'Velký zákazník a.s.' },
  { customer: 'C08', name: 'Call centrum Morava, a.s.' },
  { customer: 'VEL', name: 'Veletrhy Brno' },
];

describe('finding a customer for hours', () => {
  it('folds case and diacritics', () => {
    expect(foldForSearch('  Velký ZÁKAZNÍK ')).toBe('velky zakaznik');
  });

  it('finds by a part of the name, ignoring case and accents', () => {
    expect(findCustomers('velky', customers).map((c) => c.customer)).toEqual(['C01']);
    expect(findCustomers('MORAVA', customers).map((c) => c.customer)).toEqual(['C08']);
  });

  it('prefers an exact id over name matches', () => {
    expect(findCustomers('vel', customers).map((c) => c.customer)).toEqual(['VEL']);
    expect(findCustomers('c01', customers).map((c) => c.customer)).toEqual(['C01']);
  });

  it('returns every candidate when the query is ambiguous, and none for an empty query', () => {
    expect(findCustomers('a.s.', customers).map((c) => c.customer)).toEqual(['C01', 'C08']);
    expect(findCustomers('  ', customers)).toEqual([]);
  });
});

describe('usage read off a statement (R12)', () => {
  it('reports included, used, left, charged, the response time and VIP sessions', () => {
    const s = statementOf({
      customers: [customer('C1', 'VIP')],
      entries: [
        entry({ id: 'E1', minutes: 400 }),
        entry({ id: 'E2', caseId: 'S1', activity: 'development-consultation', minutes: 60, date: '2024-05-03' }),
      ],
    });
    expect(describeUsage(s, DEFAULT_PRICE_LIST)).toMatchObject({
      tier: 'VIP', responseHours: 4, includedMinutes: 360, usedMinutes: 360, leftMinutes: 0, chargedMinutes: 45, chargedAmount: 75_000,
      sessions: { used: 1, perYear: 4, left: 3 },
      units: [{ number: 1, roundedMinutes: 405, coveredMinutes: 360, chargedMinutes: 45 }],
    });
  });

  it('has no sessions and no guaranteed response for NONE', () => {
    const s = statementOf({ customers: [customer('C1', 'NONE')], entries: [entry({ id: 'E1' })] });
    expect(describeUsage(s, DEFAULT_PRICE_LIST)).toMatchObject({ responseHours: null, sessions: null });
  });

  it('sorts by minutes left, fewest first, so ops see who runs out next', () => {
    const usage = (id: string, left: number, charged: number) =>
      ({ customer: id, leftMinutes: left, chargedAmount: charged, chargedMinutes: charged }) as Parameters<typeof sortUsage>[0][number];
    const sorted = sortUsage([usage('A', 60, 0), usage('B', 0, 100), usage('C', 0, 500), usage('D', 30, 0)], 'left');
    expect(sorted.map((u) => u.customer)).toEqual(['C', 'B', 'D', 'A']);
  });
});
