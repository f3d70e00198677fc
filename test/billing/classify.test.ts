import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { bill, customer, entry, lineOf, statementOf } from '../helpers/build.js';

describe('R1 classification by the catalogue', () => {
  const freeCodes = ['billing-question', 'sales-question', 'service-offer', 'service-question', 'outage', 'termination', 'basic-diagnostics'];
  const paidCodes = ['advanced-diagnostics', 'configuration', 'user-support', 'training', 'consultation', 'project'];

  it.each(freeCodes)('bills %s as FREE, at no cost', (activity) => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity, minutes: 40 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'FREE', basis: 'catalogue', freeMinutes: 40, paidMinutes: 0 });
    expect(s.units).toEqual([]);
  });

  it.each(paidCodes)('bills %s as PAID', (activity) => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity, minutes: 40 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'catalogue', freeMinutes: 0, paidMinutes: 40 });
    expect(s.billableMinutes).toBe(45);
  });

  it('covers every activity code of the rules in the default catalogue', () => {
    expect(Object.keys(DEFAULT_PRICE_LIST.catalogue).sort()).toEqual(
      [...freeCodes, ...paidCodes, 'diagnostics', 'development-consultation'].sort(),
    );
  });

  // R1's table, written out here by hand from BILLING-RULES.md: the Czech names and short forms are valid
  // activities, matched ignoring case, diacritics and spacing.
  it.each([
    ['Konfigurace', 'configuration', 'PAID'],
    ['implementace a konfigurace', 'configuration', 'PAID'],
    ['IMPLEMENTACE', 'configuration', 'PAID'],
    ['školení', 'training', 'PAID'],
    ['skoleni', 'training', 'PAID'],
    ['Pokročilá diagnostika', 'advanced-diagnostics', 'PAID'],
    ['  pokrocila   diagnostika ', 'advanced-diagnostics', 'PAID'],
    ['Výpadek', 'outage', 'FREE'],
    ['odstávka', 'outage', 'FREE'],
    ['výpadek nebo odstávka na straně IPEX', 'outage', 'FREE'],
    ['Podpora uživatelů', 'user-support', 'PAID'],
    ['základní diagnostika', 'basic-diagnostics', 'FREE'],
    ['Ukončení služby', 'termination', 'FREE'],
    ['obchodní dotaz', 'sales-question', 'FREE'],
    ['Projekt', 'project', 'PAID'],
    ['studie', 'project', 'PAID'],
    ['Konzultace', 'consultation', 'PAID'],
    ['Configuration', 'configuration', 'PAID'],
    ['user support', 'user-support', 'PAID'],
  ])('reads the activity "%s" as %s (%s)', (written, code, lineClass) => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: written, minutes: 40 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ activity: code, class: lineClass, basis: 'catalogue' });
  });

  it('bills a Czech-named development consultation of a VIP as a session (R6)', () => {
    const s = statementOf({ customers: [customer('C1', 'VIP')], entries: [entry({ id: 'E1', caseId: 'S1', activity: 'Konzultace k rozvoji systému', minutes: 90 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ activity: 'development-consultation', class: 'SESSION', freeMinutes: 90 });
  });

  it('does not take part of a name for the name', () => {
    for (const written of ['konfig', 'diagnostika systému', 'podpora']) {
      expect(bill({ entries: [entry({ id: 'E1', activity: written })] }).issues.map((i) => i.code)).toEqual(['unresolved-activity']);
    }
  });

  it('lets billable=no on the entry make paid work FREE, marked as a manual decision', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'configuration', billable: false, minutes: 30 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'FREE', basis: 'manual', paidMinutes: 0 });
    expect(s.billableMinutes).toBe(0);
  });

  it('lets billable=yes on the entry make free work PAID, marked as a manual decision', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'billing-question', billable: true, minutes: 20 })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'manual', role: 'technician', paidMinutes: 20 });
  });

  it('stops on an entry without an activity and names it (never guesses)', () => {
    const result = bill({ entries: [entry({ id: 'E1', activity: null }), entry({ id: 'E2' })] });
    expect(result.bill).toBeNull();
    expect(result.issues).toMatchObject([{ code: 'unresolved-activity', entryId: 'E1', source: { file: 'work-log.csv', column: 'activity' } }]);
    expect(result.issues[0]?.message).toContain('has no activity');
  });

  it('stops on an unknown activity code', () => {
    const result = bill({ entries: [entry({ id: 'E1', activity: 'instalace' })] });
    expect(result.issues).toMatchObject([{ code: 'unresolved-activity', value: 'instalace' }]);
  });

  it('does not treat Object prototype names as activities', () => {
    const result = bill({ entries: [entry({ id: 'E1', activity: 'constructor' })] });
    expect(result.issues.map((i) => i.code)).toEqual(['unresolved-activity']);
  });

  it('resolves an unknown activity with billable=no, since the class is decided and no rate is needed', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'something-else', billable: false })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'FREE', basis: 'manual' });
  });

  it('cannot price billable=yes on an unknown activity without a role', () => {
    const result = bill({ entries: [entry({ id: 'E1', activity: 'something-else', billable: true })] });
    expect(result.issues.map((i) => i.code)).toEqual(['unresolved-role']);
    const withRole = statementOf({ entries: [entry({ id: 'E1', activity: 'something-else', billable: true, role: 'consultant' })] });
    expect(lineOf(withRole, 'E1')).toMatchObject({ class: 'PAID', role: 'consultant' });
  });

  it('bills unresolved entries as the clerk says with --treat-unresolved, marked as such', () => {
    const entries = [entry({ id: 'E1', activity: null, minutes: 20 })];
    expect(lineOf(statementOf({ entries, treatUnresolved: 'free' }), 'E1')).toMatchObject({ class: 'FREE', basis: 'run-option' });
    expect(lineOf(statementOf({ entries, treatUnresolved: 'paid' }), 'E1')).toMatchObject({ class: 'PAID', basis: 'run-option', role: 'technician' });
  });
});

describe('R2 diagnostics follow the cause of the case', () => {
  it('bills diagnostics as PAID when the cause is on the customer side', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'diagnostics', cause: 'customer' })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'cause' });
  });

  it('bills diagnostics as FREE when the cause is on IPEX side', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'diagnostics', cause: 'ipex' })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'FREE', basis: 'cause' });
  });

  it('takes the cause from any entry of the case, including later ones and other activities', () => {
    const s = statementOf({
      entries: [
        entry({ id: 'E1', caseId: 'T9', date: '2024-05-02', activity: 'diagnostics' }),
        entry({ id: 'E2', caseId: 'T9', date: '2024-05-30', activity: 'configuration', cause: 'customer' }),
      ],
    });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'cause' });
  });

  it('takes the cause from an entry of the case in an earlier month', () => {
    const s = statementOf({
      entries: [
        entry({ id: 'E0', caseId: 'T9', date: '2024-04-29', activity: 'diagnostics', cause: 'ipex' }),
        entry({ id: 'E1', caseId: 'T9', date: '2024-05-02', activity: 'diagnostics' }),
      ],
    });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'FREE' });
    expect(s.lines).toHaveLength(1);
  });

  it('ignores a cause written after the end of the billing month', () => {
    const result = bill({
      entries: [
        entry({ id: 'E1', caseId: 'T9', date: '2024-05-02', activity: 'diagnostics' }),
        entry({ id: 'E2', caseId: 'T9', date: '2024-06-01', activity: 'diagnostics', cause: 'customer' }),
      ],
    });
    expect(result.issues.map((i) => [i.code, i.entryId])).toEqual([['unresolved-cause', 'E1']]);
  });

  it('does not take a cause from another customer\u2019s case with the same number', () => {
    const result = bill({
      customers: [customer('C1', 'STANDARD'), customer('C2', 'STANDARD')],
      entries: [
        entry({ id: 'E1', customer: 'C1', caseId: 'T9', activity: 'diagnostics' }),
        entry({ id: 'E2', customer: 'C2', caseId: 'T9', activity: 'diagnostics', cause: 'customer' }),
      ],
    });
    expect(result.issues.map((i) => [i.code, i.entryId])).toEqual([['unresolved-cause', 'E1']]);
  });

  it('leaves diagnostics unresolved when entries of the case disagree, naming both', () => {
    const result = bill({
      entries: [
        entry({ id: 'E1', caseId: 'T9', activity: 'diagnostics', cause: 'customer' }),
        entry({ id: 'E2', caseId: 'T9', activity: 'diagnostics', cause: 'ipex' }),
      ],
    });
    expect(result.issues.map((i) => [i.code, i.entryId])).toEqual([
      ['conflicting-cause', 'E1'],
      ['conflicting-cause', 'E2'],
    ]);
    expect(result.issues[0]?.message).toMatch(/customer on entry E1 .*ipex on entry E2/);
  });

  it('needs no cause when billable is set on the diagnostics entry', () => {
    const s = statementOf({ entries: [entry({ id: 'E1', activity: 'diagnostics', billable: true })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'manual' });
  });
});

describe('R3 rate by role', () => {
  const charged = (fields: Parameters<typeof entry>[0]) =>
    statementOf({ customers: [customer('C1', 'NONE')], entries: [entry({ minutes: 60, ...fields })] }).units[0];

  it('prices a technician hour at 1 000 CZK and a consultant hour at 1 500 CZK', () => {
    expect(charged({ id: 'E1', activity: 'configuration' })).toMatchObject({ role: 'technician', ratePerHour: 100_000, amount: 100_000 });
    expect(charged({ id: 'E1', activity: 'consultation' })).toMatchObject({ role: 'consultant', ratePerHour: 150_000, amount: 150_000 });
  });

  it('uses the role column over the activity default', () => {
    expect(charged({ id: 'E1', activity: 'configuration', role: 'consultant' })).toMatchObject({ role: 'consultant', amount: 150_000 });
    expect(charged({ id: 'E1', activity: 'project', role: 'technician' })).toMatchObject({ role: 'technician', amount: 100_000 });
  });

  it('keeps technician and consultant work on one case in separate units', () => {
    const s = statementOf({
      customers: [customer('C1', 'NONE')],
      entries: [
        entry({ id: 'E1', caseId: 'T1', minutes: 20, activity: 'project', role: 'technician' }),
        entry({ id: 'E2', caseId: 'T1', minutes: 20, activity: 'project', start: '10:00' }),
      ],
    });
    expect(s.units.map((u) => [u.role, u.roundedMinutes, u.amount])).toEqual([
      ['technician', 30, 50_000],
      ['consultant', 30, 75_000],
    ]);
  });
});
