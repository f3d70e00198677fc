import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/billing/types.js';
import { customer, entry, lineOf, statementOf } from '../helpers/build.js';

const session = (id: string, caseId: string, date: string, minutes: number, start = '10:00'): Entry =>
  entry({ id, caseId, date, start, minutes, activity: 'development-consultation' });

const vip = [customer('C1', 'VIP')];

describe('R6 VIP consultations on system development', () => {
  it('gives a VIP session up to 120 free minutes', () => {
    const s = statementOf({ customers: vip, entries: [session('E1', 'S1', '2024-05-06', 90)] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'SESSION', freeMinutes: 90, paidMinutes: 0, session: { ordinal: 1 } });
    expect(s.units).toEqual([]);
    expect(s.sessions).toEqual([
      { caseId: 'S1', ordinal: 1, perYear: 4, startedOn: '2024-05-06', allowanceMinutes: 120, freeMinutes: 90, paidMinutes: 0 },
    ]);
  });

  it('bills minutes over 120 as PAID consultant time that joins R4 and R5 as a unit', () => {
    const s = statementOf({
      customers: vip,
      entries: [session('E1', 'S1', '2024-05-06', 100, '09:00'), session('E2', 'S1', '2024-05-06', 50, '13:00')],
    });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'SESSION', freeMinutes: 100, paidMinutes: 0 });
    expect(lineOf(s, 'E2')).toMatchObject({ class: 'SESSION', freeMinutes: 20, paidMinutes: 30 });
    expect(s.units).toMatchObject([{ caseId: 'S1', role: 'consultant', paidMinutes: 30, roundedMinutes: 30, coveredMinutes: 30 }]);
  });

  it('counts sessions of earlier months of the year from the log, without billing them', () => {
    const s = statementOf({
      customers: vip,
      entries: [
        session('E1', 'S1', '2024-01-10', 60),
        session('E2', 'S2', '2024-02-10', 60),
        session('E3', 'S3', '2024-03-10', 60),
        session('E4', 'S4', '2024-05-10', 60),
        session('E5', 'S5', '2024-05-20', 60),
      ],
    });
    expect(s.lines.map((l) => l.entry.id)).toEqual(['E4', 'E5']);
    expect(lineOf(s, 'E4')).toMatchObject({ class: 'SESSION', freeMinutes: 60, session: { ordinal: 4 } });
    expect(lineOf(s, 'E5')).toMatchObject({ class: 'PAID', paidMinutes: 60, session: { ordinal: 5 } });
    expect(lineOf(s, 'E5').note).toContain('beyond the 4 included');
  });

  it('does not count sessions of the previous year', () => {
    const s = statementOf({
      customers: vip,
      entries: [
        ...['2023-02', '2023-04', '2023-06', '2023-08'].map((m, i) => session(`P${i}`, `P${i}`, `${m}-10`, 60)),
        session('E1', 'S1', '2024-05-10', 60),
      ],
    });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'SESSION', session: { ordinal: 1 } });
  });

  it('bills minutes of a session in a month after it started as PAID', () => {
    const s = statementOf({
      customers: vip,
      entries: [session('E1', 'S1', '2024-04-29', 30), session('E2', 'S1', '2024-05-02', 30)],
    });
    expect(lineOf(s, 'E2')).toMatchObject({ class: 'PAID', paidMinutes: 30, session: { ordinal: 1, startedOn: '2024-04-29' } });
    expect(s.sessions).toEqual([]);
  });

  it('bills a session continued from December as PAID in January', () => {
    const s = statementOf({
      month: '2024-01',
      customers: vip,
      entries: [session('E1', 'S1', '2023-12-20', 30), session('E2', 'S1', '2024-01-05', 30)],
    });
    expect(lineOf(s, 'E2')).toMatchObject({ class: 'PAID', session: null });
    expect(lineOf(s, 'E2').note).toContain('2023-12-20');
  });

  it('bills development consultations on other tiers as PAID consultant work', () => {
    for (const tier of ['NONE', 'STANDARD', 'PLUS'] as const) {
      const s = statementOf({ customers: [customer('C1', tier)], entries: [session('E1', 'S1', '2024-05-06', 60)] });
      expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', role: 'consultant', paidMinutes: 60, session: null });
    }
  });

  it('does not count a session started while the customer was not VIP', () => {
    const s = statementOf({
      customers: [customer('C1', 'PLUS', '2023-01-01'), customer('C1', 'VIP', '2024-04-01')],
      entries: [
        ...['2024-01-10', '2024-02-10', '2024-03-10'].map((d, i) => session(`P${i}`, `P${i}`, d, 60)),
        session('E1', 'S1', '2024-04-10', 60),
        session('E2', 'S2', '2024-05-10', 60),
      ],
    });
    expect(lineOf(s, 'E2')).toMatchObject({ class: 'SESSION', session: { ordinal: 2 } });
  });

  it('numbers sessions by their first entry, whatever the row order', () => {
    const s = statementOf({
      customers: vip,
      entries: [session('E9', 'LATER', '2024-05-20', 30), session('E1', 'EARLIER', '2024-05-03', 30)],
    });
    expect(s.sessions.map((x) => [x.caseId, x.ordinal])).toEqual([
      ['EARLIER', 1],
      ['LATER', 2],
    ]);
  });

  it('takes an entry with billable set out of the session rules', () => {
    const s = statementOf({ customers: vip, entries: [entry({ id: 'E1', activity: 'development-consultation', billable: true, minutes: 60 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'manual' });
    expect(s.sessions).toEqual([]);
  });
});
