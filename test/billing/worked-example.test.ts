import { describe, expect, it } from 'vitest';
import { customer, entry, statementOf } from '../helpers/build.js';

// The worked example of BILLING-RULES.md (STANDARD, May 2024), figures worked out by hand:
//   units (R4): T1/technician 10+10=20 → 30; T2/technician 50 → 60; T4/consultant 20 → 30; billable 120
//   draw-down of 60 included (R5): T1 30 covered (30 left); T2 30 covered + 30 charged = 30/60 × 1 000 = 500 CZK;
//   T4 30 charged at 1 500/h = 750 CZK; E4 (outage) 45 min FREE
//   total = fee 950 + work 1 250 = 2 200 CZK
describe('worked example of the billing rules', () => {
  const statement = statementOf({
    customers: [customer('C1', 'STANDARD')],
    entries: [
      entry({ id: 'E1', caseId: 'T1', date: '2024-05-02', start: '09:00', minutes: 10, role: 'technician', activity: 'configuration' }),
      entry({ id: 'E2', caseId: 'T1', date: '2024-05-02', start: '14:00', minutes: 10, role: 'technician', activity: 'configuration' }),
      entry({ id: 'E3', caseId: 'T2', date: '2024-05-06', start: '10:00', minutes: 50, role: 'technician', activity: 'user-support' }),
      entry({ id: 'E4', caseId: 'T3', date: '2024-05-07', start: '08:00', minutes: 45, role: 'technician', activity: 'outage' }),
      entry({ id: 'E5', caseId: 'T4', date: '2024-05-10', start: '11:00', minutes: 20, role: 'consultant', activity: 'consultation' }),
    ],
  });

  it('rounds each case × role once (R4)', () => {
    expect(statement.units.map((u) => [u.caseId, u.role, u.paidMinutes, u.roundedMinutes])).toEqual([
      ['T1', 'technician', 20, 30],
      ['T2', 'technician', 50, 60],
      ['T4', 'consultant', 20, 30],
    ]);
  });

  it('draws the 60 included minutes down in order and splits T2 (R5)', () => {
    expect(statement.units.map((u) => [u.coveredMinutes, u.chargedMinutes, u.amount])).toEqual([
      [30, 0, 0],
      [30, 30, 50_000],
      [0, 30, 75_000],
    ]);
  });

  it('totals 2 200 CZK: fee 950 + work 1 250', () => {
    expect(statement.packageFee).toBe(95_000);
    expect(statement.workAmount).toBe(125_000);
    expect(statement.totalAmount).toBe(220_000);
    expect(statement.freeMinutes).toBe(45);
    expect(statement.billableMinutes).toBe(120);
  });
});
