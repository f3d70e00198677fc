import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/billing/decisions.js';
import { DEFAULT_KEYWORDS, keywordMatcher } from '../../src/billing/keywords.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { reviewQueue } from '../../src/billing/review.js';
import { bill, customer, entry, lineOf, statementOf } from '../helpers/build.js';

// Issue 3: entries without an activity code are placed by keywords of their description (R1 through the
// catalogue), and the clerk's decisions from the review queue apply by entry id as manual decisions.

describe('keywords (issue 3)', () => {
  const match = (description: string) => keywordMatcher(DEFAULT_KEYWORDS).match(description)?.activity ?? null;

  it('finds the policy\u2019s examples in Czech, ignoring case and diacritics, at the start of a word', () => {
    expect(match('Výpadek na straně IPEX')).toBe('outage');
    expect(match('po VYPADKU ústředny')).toBe('outage');
    expect(match('Změna IVR pro obchod')).toBe('configuration');
    expect(match('zapomenuté heslo')).toBe('user-support');
    expect(match('Školení recepce')).toBe('training');
    expect(match('Dotaz k faktuře za duben')).toBe('billing-question');
    expect(match('Pokročilá diagnostika kvality hovorů')).toBe('advanced-diagnostics');
    expect(match('diagnostika linky')).toBe('diagnostics');
    expect(match('Konzultace k rozvoji systému')).toBe('development-consultation');
    expect(match('bezheslovy pristup')).toBeNull(); // "hesl" only at the start of a word
    expect(match('')).toBeNull();
  });

  it('names only activities of the default catalogue', () => {
    for (const rule of DEFAULT_KEYWORDS) expect(Object.keys(DEFAULT_PRICE_LIST.catalogue)).toContain(rule.activity);
  });

  it('bills an entry without an activity by its keyword, marked so, and leaves entries with a code alone', () => {
    const s = statementOf({
      entries: [
        entry({ id: 'E1', activity: null, description: 'Výpadek ústředny', caseId: 'T1' }),
        entry({ id: 'E2', activity: null, description: 'Změna IVR', caseId: 'T2' }),
        entry({ id: 'E3', activity: 'configuration', description: 'výpadek? ne, konfigurace', caseId: 'T3' }),
      ],
    });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'FREE', basis: 'keyword', activity: 'outage', entry: { activity: null } });
    expect(lineOf(s, 'E1').note).toBe('activity outage from the description ("výpad")');
    expect(lineOf(s, 'E2')).toMatchObject({ class: 'PAID', basis: 'keyword', activity: 'configuration' });
    expect(lineOf(s, 'E3')).toMatchObject({ basis: 'catalogue', activity: 'configuration' });
  });

  it('still needs the case\u2019s cause for diagnostics found by a keyword (R2)', () => {
    const unresolved = bill({ entries: [entry({ id: 'E1', activity: null, description: 'diagnostika linky' })] });
    expect(unresolved.issues.map((i) => i.code)).toEqual(['unresolved-cause']);
    const s = statementOf({ entries: [entry({ id: 'E1', activity: null, description: 'diagnostika linky', cause: 'customer' })] });
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'cause', activity: 'diagnostics' });
    expect(lineOf(s, 'E1').note).toBe('activity diagnostics from the description ("diagnostik"); cause on the customer\u2019s side');
  });
});

describe('decisions from the review queue (issue 3, R1)', () => {
  const decision = (fields: Partial<Decision> & { entryId: string }): Decision => ({
    activity: null, cause: null, billable: null, source: { file: 'review.csv', line: 2 }, ...fields,
  });

  it('applies a decision by entry id and marks the line as a manual decision', () => {
    const entries = [entry({ id: 'E1', activity: 'mystery' }), entry({ id: 'E2', activity: 'diagnostics', caseId: 'T2' })];
    expect(bill({ entries }).issues.map((i) => i.code)).toEqual(['unresolved-activity', 'unresolved-cause']);
    const decided = bill({ entries, decisions: [decision({ entryId: 'E1', activity: 'training' }), decision({ entryId: 'E2', cause: 'ipex', source: { file: 'review.csv', line: 3 } })] });
    expect(decided.issues).toEqual([]);
    const s = decided.bill!.statements[0]!;
    expect(lineOf(s, 'E1')).toMatchObject({ class: 'PAID', basis: 'decision', activity: 'training', entry: { activity: 'mystery' } });
    expect(lineOf(s, 'E1').note).toBe('manual decision (review.csv:2: activity training)');
    expect(lineOf(s, 'E2')).toMatchObject({ class: 'FREE', basis: 'decision' });
    expect(lineOf(s, 'E2').note).toBe('manual decision (review.csv:3: cause ipex); cause on IPEX\u2019s side');
  });

  it('decides free or paid with billable alone, and reports decisions for entries the log does not have', () => {
    const result = bill({
      entries: [entry({ id: 'E1', activity: null, description: 'něco nejasného' })],
      decisions: [decision({ entryId: 'E1', billable: false }), decision({ entryId: 'E404', billable: true })],
    });
    expect(lineOf(result.bill!.statements[0]!, 'E1')).toMatchObject({ class: 'FREE', basis: 'decision' });
    // The note names the decision, not "billable=no on the entry": the entry itself says nothing.
    expect(lineOf(result.bill!.statements[0]!, 'E1').note).toBe('manual decision (review.csv:2: billable no)');
    expect(result.bill!.unusedDecisions.map((d) => d.entryId)).toEqual(['E404']);
  });

  it('leaves other customers\u2019 and other entries\u2019 classification as it was', () => {
    const entries = [entry({ id: 'E1' }), entry({ id: 'E2', customer: 'C2' })];
    const customers = [customer('C1', 'STANDARD'), customer('C2', 'PLUS')];
    const before = bill({ entries, customers }).bill!;
    const after = bill({ entries, customers, decisions: [decision({ entryId: 'E1', billable: false })] }).bill!;
    expect(after.statements[1]).toEqual(before.statements[1]);
  });
});

describe('the review queue (issue 3, R1, R14)', () => {
  const decided = (entryId: string, line: number): Decision => ({ entryId, activity: 'training', cause: null, billable: null, source: { file: 'review.csv', line } });

  it('lists every unresolved entry once, decided entries too, in log order; decisions for unknown ids last', () => {
    const entries = [
      entry({ id: 'E3', date: '2024-05-09', activity: 'mystery', caseId: 'T3' }),
      entry({ id: 'E1', date: '2024-05-02', activity: 'diagnostics', caseId: 'T1' }),
      entry({ id: 'E2', date: '2024-05-03', activity: 'training', caseId: 'T2' }),
      entry({ id: 'E4', date: '2024-05-01', activity: 'mystery', caseId: 'T4' }),
    ];
    const decisions = [decided('E9', 2), decided('E4', 3)];
    const result = bill({ entries, decisions });
    const queue = reviewQueue(entries, result.issues, decisions);
    expect(queue.map((i) => [i.entryId, i.decision?.source.line ?? null, i.problems.length])).toEqual([
      ['E4', 3, 0],
      ['E1', null, 1],
      ['E3', null, 1],
      ['E9', 2, 0],
    ]);
    expect(queue[3]!.entry).toBeNull();
  });

  it('leaves invalid input out: it is fixed in the files, not decided', () => {
    const entries = [entry({ id: 'E1', customer: 'NOBODY', activity: 'mystery' })];
    const result = bill({ entries });
    expect(result.issues.map((i) => i.code)).toContain('unknown-customer');
    expect(reviewQueue(entries, result.issues.filter((i) => i.code === 'unknown-customer'), [])).toEqual([]);
  });
});
