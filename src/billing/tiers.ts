import { compareText } from './compare.js';
import type { Checked, Issue } from './issue.js';
import { firstDayOfMonth, monthEndBound } from './month.js';
import type { BillingMonth, CustomerRow } from './types.js';

/** Every customer's rows, oldest `valid_from` first (rows without a date first of all). */
export type CustomerBook = ReadonlyMap<string, readonly CustomerRow[]>;

/** Group the customer file by customer; two rows of one customer with the same `valid_from` are ambiguous. */
export function indexCustomers(rows: readonly CustomerRow[]): Checked<CustomerBook> {
  const book = new Map<string, CustomerRow[]>();
  const issues: Issue[] = [];
  for (const row of rows) {
    const list = book.get(row.customer) ?? [];
    const clash = list.find((other) => other.validFrom === row.validFrom);
    if (clash) {
      issues.push({
        code: 'duplicate-customer-row',
        message:
          `customer "${row.customer}" already has a row ${row.validFrom ? `valid from ${row.validFrom}` : 'without valid_from'} ` +
          `(${clash.source.file}:${clash.source.line}); which tier applies is ambiguous`,
        source: { ...row.source, column: 'valid_from' },
        value: row.validFrom ?? '',
      });
      continue;
    }
    list.push(row);
    book.set(row.customer, list);
  }
  for (const list of book.values()) {
    list.sort((a, b) => compareText(a.validFrom ?? '', b.validFrom ?? ''));
  }
  return { value: book, issues };
}

/**
 * R9: the tier in force on the first day of the month applies to the whole month; a customer whose first
 * row starts inside the month uses that row. Returns null when the customer has no row by the month's end.
 */
export function rowInForce(rows: readonly CustomerRow[], month: BillingMonth): CustomerRow | null {
  const firstDay = firstDayOfMonth(month);
  let inForce: CustomerRow | null = null;
  for (const row of rows) {
    if ((row.validFrom ?? '') <= firstDay) inForce = row;
  }
  if (inForce) return inForce;
  const first = rows[0];
  return first && (first.validFrom ?? '') <= monthEndBound(month) ? first : null;
}
