import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/billing/decisions.js';
import type { ReviewItem } from '../../src/billing/review.js';
import { DEFAULT_PRICE_LIST } from '../../src/billing/price-list.js';
import { parseDecisions } from '../../src/io/read-decisions.js';
import { CSV_DIALECTS } from '../../src/formats/csv-dialect.js';
import { renderReviewCsv } from '../../src/report/review.js';

// Issue 3 review queue: the filled-in review file is read back as decisions by entry id (R1).

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => parseDecisions(bytes(text), 'review.csv', DEFAULT_PRICE_LIST);

describe('reading the review file', () => {
  it('reads decisions in Czech words, skips rows not decided yet and the columns that only show the entry', () => {
    const { value, issues } = read(
      'id,activity,cause,billable,customer,description,problem\n' +
        'E1,Training,,,C1,Školení,no activity\n' +
        'E2,,Zákazník,,C1,Diagnostika,no cause\n' +
        'E3,,,,C1,still open,no activity\n' +
        'E4,,,ne,C2,"Volal, že ""nejde""",no activity\n',
    );
    expect(issues).toEqual([]);
    expect(value.map((d) => [d.entryId, d.activity, d.cause, d.billable, d.source.line])).toEqual([
      ['E1', 'training', null, null, 2],
      ['E2', null, 'customer', null, 3],
      ['E4', null, null, false, 5],
    ]);
  });

  it('refuses an activity outside the catalogue, an entry decided twice and a word that is not a cause', () => {
    const { value, issues } = read('id,activity,cause,billable\nE1,instalace,,\nE2,training,,\nE2,,,ano\nE3,,nevím,\n');
    expect(issues.map((i) => `${i.source?.line}:${i.source?.column} ${i.code} ${i.value}`)).toEqual([
      '5:cause bad-cause nevím',
      '2:activity bad-decision instalace',
      '4:id bad-decision E2',
    ]);
    expect(issues[2]!.message).toBe('entry E2 is decided twice (also on line 3); keep one row per entry');
    expect(value.map((d) => d.entryId)).toEqual(['E2']);
  });

  it('needs the four decision columns in the header', () => {
    expect(read('id,activity,billable\nE1,training,\n').issues.map((i) => i.code)).toEqual(['missing-column']);
  });

  it('gives back every decision the review file was written with, in both CSV dialects', () => {
    const text = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() === s && s.trim() !== '');
    const decision = fc.record({
      entryId: fc.oneof(text, fc.constantFrom('=1+1', '-5', "'@x", 'E 1', 'a,b', 'ř"č')),
      activity: fc.option(fc.constantFrom(...Object.keys(DEFAULT_PRICE_LIST.catalogue)), { nil: null }),
      cause: fc.option(fc.constantFrom('customer' as const, 'ipex' as const), { nil: null }),
      billable: fc.option(fc.boolean(), { nil: null }),
    }).filter((d) => d.activity !== null || d.cause !== null || d.billable !== null);
    fc.assert(
      fc.property(fc.uniqueArray(decision, { selector: (d) => d.entryId, maxLength: 6 }), fc.constantFrom('rfc4180' as const, 'excel-cs' as const), (decisions, dialect) => {
        const items: ReviewItem[] = decisions.map((d, i) => ({
          entryId: d.entryId,
          entry: null,
          decision: { ...d, source: { file: 'x', line: i } },
          problems: [],
        }));
        const back = parseDecisions(bytes(renderReviewCsv(items, CSV_DIALECTS[dialect])), 'review.csv', DEFAULT_PRICE_LIST, { restoreNeutralised: true });
        expect(back.issues).toEqual([]);
        const strip = (d: Decision | Omit<Decision, 'source'>) => ({ entryId: d.entryId, activity: d.activity, cause: d.cause, billable: d.billable });
        expect(back.value.map(strip)).toEqual(decisions.map(strip));
      }),
    );
  });
});
