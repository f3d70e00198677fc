import type { BillingInput } from './bill-month.js';
import { compareText } from './compare.js';

/*
 * Billing a large month a group of customers at a time (issue 6). Every rule works within one customer: cases
 * are scoped by customer (R1 terms), sessions are counted per customer and year (R6), included hours and top-ups
 * are the customer's own (R5, R8), and a statement is one customer's (R11). So the month can be billed by
 * consecutive ranges of customer ids, each range rendered and let go before the next is billed, and the results
 * put one after the other are the month's results (R13: customers are ordered by id). Only two checks span
 * customers, and the caller makes them over the whole log: duplicate entry ids (R14), and which decisions were
 * used (a decision is unused only if no group used it).
 */

/**
 * Split one month's input into consecutive ranges of customers, each holding at most about `entriesPerGroup`
 * entries (a customer is never split; one with more entries gets a group of its own). One group when the
 * whole log fits. Each group has its customers' entries, customer rows and top-ups, and the recorded entries
 * of closed months it needs: its customers' and those whose id its entries use (an entry moved to another
 * customer after billing must still be found billed, R14). Duplicate ids are not checked within groups.
 */
export function groupByCustomer(input: BillingInput, entriesPerGroup: number): BillingInput[] {
  const perCustomer = new Map<string, number>();
  for (const entry of input.entries) perCustomer.set(entry.customer, (perCustomer.get(entry.customer) ?? 0) + 1);
  for (const row of input.customers) if (!perCustomer.has(row.customer)) perCustomer.set(row.customer, 0);
  for (const topUp of input.topUps) if (!perCustomer.has(topUp.customer)) perCustomer.set(topUp.customer, 0);

  const groupOf = new Map<string, number>();
  let groups = 0;
  let filled = 0;
  let members = 0;
  for (const customer of [...perCustomer.keys()].sort(compareText)) {
    const count = perCustomer.get(customer) ?? 0;
    if (groups === 0 || (members > 0 && filled + count > entriesPerGroup)) {
      groups++;
      filled = 0;
      members = 0;
    }
    filled += count;
    members++;
    groupOf.set(customer, groups - 1);
  }
  if (groups <= 1) return [{ ...input, checkDuplicates: false }];

  const split = <T extends { customer: string }>(items: readonly T[]): T[][] => {
    const parts = Array.from({ length: groups }, (): T[] => []);
    for (const item of items) parts[groupOf.get(item.customer) ?? 0]!.push(item);
    return parts;
  };
  const entries = split(input.entries);
  const customers = split(input.customers);
  const topUps = split(input.topUps);
  return entries.map((own, g) => {
    const ids = new Set(own.map((e) => e.id));
    const closedMonths = (input.closedMonths ?? []).map((record) => ({
      month: record.month,
      entries: record.entries.filter((e) => groupOf.get(e.customer) === g || ids.has(e.id)),
    }));
    return { ...input, entries: own, customers: customers[g]!, topUps: topUps[g]!, closedMonths, checkDuplicates: false };
  });
}
