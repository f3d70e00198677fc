import type { BillingInput } from './bill-month.js';
import { compareText } from './compare.js';
import type { Entry } from './types.js';

/*
 * Billing a large month a group of customers at a time (issue 6). Every rule works within one customer: cases
 * are scoped by customer (R1 terms), sessions are counted per customer and year (R6), included hours and top-ups
 * are the customer's own (R5, R8), and a statement is one customer's (R11). So the month can be billed by
 * consecutive ranges of customer ids, each range rendered and let go before the next is billed, and the results
 * put one after the other are the month's results (R13: customers are ordered by id). Only two checks span
 * customers, and the caller makes them over the whole log: duplicate entry ids (R14), and which decisions were
 * used (a decision is unused only if no group used it).
 */

/** Consecutive ranges of customer ids: how many there are, and the range of any id (also one not listed). */
export interface CustomerRanges {
  groups: number;
  groupOf(customer: string): number;
}

/**
 * Cut the customer file's ids into ranges of `perGroup` customers. An id the file does not list (an unknown
 * customer in the log, reported by billing) falls into the range its place in the order gives it.
 */
export function customerRanges(customers: Iterable<string>, perGroup: number): CustomerRanges {
  const sorted = [...new Set(customers)].sort(compareText);
  // The first id of every range but the first.
  const starts: string[] = [];
  for (let i = perGroup; i < sorted.length; i += perGroup) starts.push(sorted[i]!);
  return {
    groups: starts.length + 1,
    groupOf(customer) {
      let low = 0;
      let high = starts.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compareText(starts[middle]!, customer) <= 0) low = middle + 1;
        else high = middle;
      }
      return low;
    },
  };
}

/**
 * Consecutive ranges joined into parts of at most `budget` bytes of entries each (a range larger than that is
 * a part of its own), so that parts are even in size although ranges are cut by customers: ranges are cut
 * fine, and joined where their customers have little work.
 */
export function partsBySize(sizes: readonly number[], budget: number): number[][] {
  const parts: number[][] = [];
  let filled = 0;
  sizes.forEach((size, range) => {
    const last = parts[parts.length - 1];
    if (last !== undefined && filled + size <= budget) {
      last.push(range);
      filled += size;
    } else {
      parts.push([range]);
      filled = size;
    }
  });
  return parts;
}

/**
 * One part's billing input: its entries (read by the caller), its customers' rows and top-ups, and the
 * recorded entries of closed months it needs: its customers' and those whose id its entries use (an entry
 * moved to another customer after billing must still be found billed, R14). `ours` says which customers are
 * the part's; null: all of them (the month is one part). Duplicate ids are checked by the caller over the
 * whole log, not within the part.
 */
export function groupInput(input: BillingInput, entries: readonly Entry[], ours: ((customer: string) => boolean) | null): BillingInput {
  if (ours === null) return { ...input, entries, checkDuplicates: false };
  const mine = (item: { customer: string }) => ours(item.customer);
  const ids = new Set(entries.map((e) => e.id));
  return {
    ...input,
    entries,
    customers: input.customers.filter(mine),
    topUps: input.topUps.filter(mine),
    closedMonths: (input.closedMonths ?? []).map((record) => ({ month: record.month, entries: record.entries.filter((e) => mine(e) || ids.has(e.id)) })),
    checkDuplicates: false,
  };
}
