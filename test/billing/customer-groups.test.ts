import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BillingInput } from '../../src/billing/bill-month.js';
import { customerRanges, groupInput, partsBySize } from '../../src/billing/customer-groups.js';
import type { Entry } from '../../src/billing/types.js';
import { joinOutlines, outlineOf } from '../../src/billing/month-outline.js';
import type { Decision } from '../../src/billing/decisions.js';
import { bill, customer, entry } from '../helpers/build.js';

// Issue 6: a large month is billed a group of customers at a time. Groups must be consecutive ranges of
// customer ids (so their outputs, one after the other, are the month's), never split a customer, and carry
// everything a customer's bill depends on.

/** The month's input in groups of `perGroup` customers, as `run` bills it (its entries come from disk). */
function groupByCustomer(whole: BillingInput, perGroup: number): BillingInput[] {
  const ranges = customerRanges(whole.customers.map((c) => c.customer), perGroup);
  const entries = Array.from({ length: ranges.groups }, (): Entry[] => []);
  for (const e of whole.entries) entries[ranges.groupOf(e.customer)]!.push(e);
  return entries.map((own, g) => groupInput(whole, own, ranges.groups === 1 ? null : (c) => ranges.groupOf(c) === g));
}

function input(entryCustomers: readonly string[], extraCustomers: readonly string[] = []): BillingInput {
  const ids = [...new Set([...entryCustomers, ...extraCustomers])];
  return {
    month: '2024-05',
    entries: entryCustomers.map((c, i) => entry({ id: `E${i}`, customer: c })),
    customers: ids.map((c) => customer(c, 'STANDARD')),
    topUps: [],
    treatUnresolved: null,
  };
}

describe('groups of customers (issue 6)', () => {
  it('puts every customer in one group, groups in id order, each of at most the size', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('C1', 'C2', 'C3', 'C10', 'D', 'a', 'Ž'), { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (customers, size) => {
        const groups = groupByCustomer(input(customers, ['Z9']), size);
        const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const seen = groups.map((g) => [...new Set(g.customers.map((c) => c.customer))].sort(byCodeUnits));
        // Consecutive ranges in code-unit order, every customer once.
        expect(seen.flat()).toEqual([...new Set([...customers, 'Z9'])].sort(byCodeUnits));
        for (const [g, group] of groups.entries()) {
          expect(group.entries.every((e) => seen[g]!.includes(e.customer))).toBe(true);
          expect(seen[g]!.length).toBeLessThanOrEqual(size);
          expect(group.checkDuplicates).toBe(false);
        }
        expect(groups.length).toBe(Math.max(1, Math.ceil(seen.flat().length / size)));
        expect(groups.flatMap((g) => g.entries).length).toBe(customers.length);
      }),
    );
  });

  it('is one group, the input itself, when the customers fit', () => {
    const whole = input(['C1', 'C2', 'C1']);
    const groups = groupByCustomer(whole, 2);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.entries).toEqual(whole.entries);
    expect(groups[0]!.customers).toBe(whole.customers);
  });

  it('gives a group the closed months’ entries of its customers and of the ids its entries use (an entry moved to another customer)', () => {
    const whole = input(['C1', 'C2']);
    const movedAfterBilling = entry({ id: 'E1', customer: 'C1' }); // billed for C1 in April; the log now says C2
    const otherOfC2 = entry({ id: 'X2', customer: 'C2' });
    const groups = groupByCustomer({ ...whole, closedMonths: [{ month: '2024-04', entries: [movedAfterBilling, otherOfC2] }] }, 1);
    expect(groups.map((g) => g.closedMonths![0]!.entries.map((e) => e.id))).toEqual([['E1'], ['E1', 'X2']]);
  });

  it('joins consecutive ranges into parts within the budget, a larger range on its own', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100)), fc.integer({ min: 1, max: 150 }), (sizes, budget) => {
        const parts = partsBySize(sizes, budget);
        expect(parts.flat()).toEqual(sizes.map((_, i) => i));
        for (const part of parts) {
          const size = part.reduce((sum, i) => sum + sizes[i]!, 0);
          if (part.length > 1) expect(size).toBeLessThanOrEqual(budget);
        }
        // No two neighbouring parts would have fitted together.
        parts.slice(1).forEach((part, i) => {
          const sum = (p: number[]) => p.reduce((total, r) => total + sizes[r]!, 0);
          expect(sum(parts[i]!) + sizes[part[0]!]!).toBeGreaterThan(budget);
        });
      }),
    );
  });

  it('places a customer the customer file does not list by its place in the order', () => {
    const ranges = customerRanges(['C1', 'C3', 'C5', 'C7'], 2);
    expect(ranges.groups).toBe(2);
    expect(['C0', 'C1', 'C2', 'C4', 'C5', 'C9', 'Ž'].map((c) => ranges.groupOf(c))).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(customerRanges([], 5).groups).toBe(1);
  });
});

describe('joining the groups’ outlines', () => {
  it('adds up totals and counts and keeps a decision unused only when no group used it', () => {
    const customers = [customer('C1', 'STANDARD'), customer('C2', 'PLUS')];
    const used: Decision = { entryId: 'E1', activity: 'configuration', cause: null, billable: null, source: { file: 'd.csv', line: 2 } };
    const unused: Decision = { ...used, entryId: 'E404', source: { file: 'd.csv', line: 3 } };
    const entries = [entry({ id: 'E1', customer: 'C1', activity: null }), entry({ id: 'E2', customer: 'C2', minutes: 50 })];
    const whole = bill({ entries, customers, decisions: [used, unused] }).bill!;
    const parts = groupByCustomer({ month: '2024-05', entries, customers, topUps: [], treatUnresolved: null, decisions: [used, unused] }, 1).map(
      (group) => outlineOf(bill({ entries: [...group.entries], customers: [...group.customers], decisions: [used, unused] }).bill!),
    );
    expect(parts).toHaveLength(2);
    expect(parts[1]!.unusedDecisions).toEqual([used, unused]); // C2's group did not use E1's decision
    expect(joinOutlines('2024-05', parts)).toEqual(outlineOf(whole));
  });
});
