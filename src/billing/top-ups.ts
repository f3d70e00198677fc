import type { Checked, Issue } from './issue.js';
import type { PriceList } from './price-list.js';
import { rowInForce, type CustomerBook } from './tiers.js';
import type { BillingMonth, TopUp } from './types.js';

/**
 * R8: top-up blocks per customer for the billing month. A top-up for an unknown customer, for a tier that
 * cannot buy one, or a second row for the same customer and month (which would bill the blocks twice, R14)
 * is an input error. Rows for other months are not this run's business.
 */
export function resolveTopUps(
  topUps: readonly TopUp[],
  month: BillingMonth,
  customers: CustomerBook,
  priceList: PriceList,
): Checked<Map<string, number>> {
  const blocksByCustomer = new Map<string, number>();
  const seen = new Map<string, TopUp>();
  const issues: Issue[] = [];
  for (const topUp of topUps) {
    if (topUp.month !== month) continue;
    const earlier = seen.get(topUp.customer);
    if (earlier) {
      issues.push({
        code: 'duplicate-topup',
        message:
          `a second top-up row for "${topUp.customer}" in ${month} (first at ${earlier.source.file}:${earlier.source.line}); ` +
          'write the total number of blocks in one row',
        source: { ...topUp.source, column: 'customer' },
        value: topUp.customer,
      });
      continue;
    }
    seen.set(topUp.customer, topUp);
    const rows = customers.get(topUp.customer);
    const row = rows ? rowInForce(rows, month) : null;
    if (!row) {
      issues.push({
        code: 'unknown-customer',
        message: `top-up for customer "${topUp.customer}", who has no tier in force in ${month} in the customer file`,
        source: { ...topUp.source, column: 'customer' },
        value: topUp.customer,
      });
      continue;
    }
    if (topUp.blocks > 0 && !priceList.topUp.tiers.includes(row.tier)) {
      issues.push({
        code: 'topup-not-allowed',
        message: `customer "${topUp.customer}" is on tier ${row.tier} in ${month}, which cannot buy top-up blocks (only ${priceList.topUp.tiers.join(', ')})`,
        source: { ...topUp.source, column: 'blocks' },
        value: String(topUp.blocks),
      });
      continue;
    }
    blocksByCustomer.set(topUp.customer, topUp.blocks);
  }
  return { value: blocksByCustomer, issues };
}
