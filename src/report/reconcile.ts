import type { Haler } from '../billing/types.js';
import type { Manifest } from '../formats/manifest.js';
import type { MonthTables } from '../formats/month-tables.js';


/** An amount as the CSV files write it (`2200.00` or `2200,00`), in haléře; null when it is not one. */
export function parseCsvAmount(text: string | undefined): Haler | null {
  const match = /^(-?)(\d+)[.,](\d{2})$/.exec(text ?? '');
  if (!match) return null;
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}

function wholeNumber(text: string | undefined): number | null {
  return /^\d+$/.test(text ?? '') ? Number(text) : null;
}

/**
 * Check that a month folder adds up: each statement's fee + top-ups + work is its total; its units' amounts
 * and charged minutes are its work; its lines are its worked minutes and its invoice's line count; the
 * invoices carry the statements' totals; and everything sums to the manifest's totals and row counts.
 * Returns the problems in plain words (empty when it all adds up).
 */
export function reconcileMonth(tables: MonthTables, manifest: Manifest): string[] {
  const problems: string[] = [];
  const sumBy = (rows: Record<string, string>[], column: string, read: (text: string | undefined) => number | null) => {
    const sums = new Map<string, number>();
    for (const row of rows) {
      const value = read(row[column]);
      if (value === null) problems.push(`${column} "${row[column] ?? ''}" of customer ${row.customer ?? '?'} is not a number`);
      sums.set(row.customer ?? '', (sums.get(row.customer ?? '') ?? 0) + (value ?? 0));
    }
    return sums;
  };
  const unitAmounts = sumBy(tables.units, 'amount', parseCsvAmount);
  const unitCharged = sumBy(tables.units, 'charged_minutes', wholeNumber);
  const lineMinutes = sumBy(tables.lines, 'worked_minutes', wholeNumber);
  const lineCounts = sumBy(tables.lines, 'customer', () => 1);
  const invoices = new Map(tables.invoices.map((row) => [row.customer ?? '', row]));

  let total = 0;
  for (const row of tables.summary) {
    const customer = row.customer ?? '?';
    const fee = parseCsvAmount(row.package_fee);
    const topUps = parseCsvAmount(row.topup_fee);
    const work = parseCsvAmount(row.work_amount);
    const rowTotal = parseCsvAmount(row.total_amount);
    if (fee === null || topUps === null || work === null || rowTotal === null) {
      problems.push(`summary.csv: the amounts of ${customer} are not amounts`);
      continue;
    }
    total += rowTotal;
    const says = (what: string, expected: number, actual: number) => {
      if (expected !== actual) problems.push(`${customer}: ${what}: ${actual} where the summary says ${expected}`);
    };
    says('package fee + top-ups + work (haléře)', rowTotal, fee + topUps + work);
    says('sum of units.csv amounts (haléře)', work, unitAmounts.get(customer) ?? 0);
    says('sum of units.csv charged minutes', wholeNumber(row.charged_minutes) ?? -1, unitCharged.get(customer) ?? 0);
    says('sum of lines.csv worked minutes', wholeNumber(row.worked_minutes) ?? -1, lineMinutes.get(customer) ?? 0);
    const invoice = invoices.get(customer);
    if (!invoice) problems.push(`${customer}: no row in invoices.csv`);
    else {
      says('invoices.csv net amount (haléře)', rowTotal, parseCsvAmount(invoice.net_amount) ?? -1);
      says('lines.csv rows, compared with invoices.csv line_count', wholeNumber(invoice.line_count) ?? -1, lineCounts.get(customer) ?? 0);
    }
  }
  if (tables.invoices.length !== tables.summary.length) problems.push(`invoices.csv has ${tables.invoices.length} rows, summary.csv ${tables.summary.length}`);
  if (total !== manifest.totals.total_amount_haler) {
    problems.push(`the statements add up to ${total} haléře, the manifest's total is ${manifest.totals.total_amount_haler}`);
  }
  if (tables.summary.length !== manifest.totals.statements) {
    problems.push(`summary.csv has ${tables.summary.length} statements, the manifest says ${manifest.totals.statements}`);
  }
  const { rows } = manifest;
  if (tables.lines.length !== rows.billed + rows.free) {
    problems.push(`lines.csv has ${tables.lines.length} lines, the manifest says ${rows.billed} billed + ${rows.free} free`);
  }
  if (rows.read !== rows.billed + rows.free + rows.rejected + rows.already_billed + rows.earlier + rows.later) {
    problems.push(`the manifest's row counts do not add up to the ${rows.read} rows read`);
  }
  return problems;
}
