import { classifyEntries, collectCaseCauses, type UnresolvedTreatment } from './classify.js';
import { compareChronologically, compareText } from './compare.js';
import { drawDownIncluded } from './draw-down.js';
import { findDuplicateEntries } from './duplicates.js';
import type { Checked, Issue } from './issue.js';
import { monthOfDate } from './month.js';
import type { PriceList } from './price-list.js';
import { priceUnits } from './price-units.js';
import { applySessionAllowance } from './sessions.js';
import { buildStatement, sumFigures, type Statement, type StatementFigures } from './statement.js';
import { indexCustomers, rowInForce, type CustomerBook } from './tiers.js';
import { resolveTopUps } from './top-ups.js';
import type { BillingMonth, CustomerRow, Entry, TopUp } from './types.js';
import { roundUnits } from './units.js';

export interface BillingInput {
  month: BillingMonth;
  /** Every entry read, of any month: earlier ones count for sessions (R6) and case causes (R2). */
  entries: readonly Entry[];
  customers: readonly CustomerRow[];
  topUps: readonly TopUp[];
  treatUnresolved: UnresolvedTreatment;
  /** A statement for every customer with a tier in force, also NONE without work (for `hours`); default false (R7). */
  everyCustomer?: boolean;
}

/** The bill of one month: a statement per customer (ordered by customer id, R13) and their totals. */
export interface MonthBill {
  month: BillingMonth;
  statements: Statement[];
  totals: StatementFigures;
  /** Entries read but dated outside the billing month: never billed by this run. */
  entriesOutsideMonth: { before: number; after: number };
}

/**
 * Bill one month: classify (R1, R2) → sessions (R6) → round (R4) → draw down (R5) → price (R3, R10) →
 * statements (R7, R11). Every problem found on the way is returned together; the bill is null when there is
 * any, because a partial bill would silently drop entries (R14).
 */
export function billMonth(input: BillingInput, priceList: PriceList): Checked<MonthBill | null> {
  const { month } = input;
  const issues: Issue[] = [...findDuplicateEntries(input.entries)];

  const book = indexCustomers(input.customers);
  issues.push(...book.issues);
  const customers = book.value;

  const monthEntries = input.entries.filter((e) => monthOfDate(e.date) === month).sort(compareChronologically);
  issues.push(...checkCustomersKnown(monthEntries, customers, month));

  const topUps = resolveTopUps(input.topUps, month, customers, priceList);
  issues.push(...topUps.issues);

  const classified = classifyEntries(monthEntries, collectCaseCauses(input.entries, month), priceList, input.treatUnresolved);
  issues.push(...classified.issues);
  if (issues.length > 0) return { value: null, issues };

  const { lines, sessions, startedThisYear } = applySessionAllowance(classified.value, input.entries, customers, month, priceList);
  const linesByCustomer = groupBy(lines, (l) => l.entry.customer);
  const unitsByCustomer = groupBy(roundUnits(lines, priceList.stepMinutes), (u) => u.customer);

  const statements: Statement[] = [];
  for (const customer of customersWithStatement(customers, monthEntries, month, input.everyCustomer ?? false)) {
    const row = rowInForce(customers.get(customer) ?? [], month);
    if (!row) continue; // unreachable: checkCustomersKnown reported it
    const tier = priceList.tiers[row.tier];
    const topUpBlocks = topUps.value.get(customer) ?? 0;
    const includedMinutes = tier.includedMinutes + topUpBlocks * priceList.topUp.minutes;
    const drawn = drawDownIncluded(unitsByCustomer.get(customer) ?? [], includedMinutes);
    statements.push(
      buildStatement({
        month,
        customer,
        name: row.name,
        tier: row.tier,
        packageFee: tier.monthlyFee,
        topUpBlocks,
        topUpFee: topUpBlocks * priceList.topUp.price,
        includedMinutes,
        lines: linesByCustomer.get(customer) ?? [],
        units: priceUnits(drawn.units, priceList),
        sessions: sessions.get(customer) ?? [],
        sessionsThisYear: startedThisYear.get(customer) ?? 0,
      }),
    );
  }

  const before = input.entries.filter((e) => monthOfDate(e.date) < month).length;
  return {
    value: {
      month,
      statements,
      totals: sumFigures(statements),
      entriesOutsideMonth: { before, after: input.entries.length - monthEntries.length - before },
    },
    issues: [],
  };
}

/** Entries of the month must belong to a customer with a tier in force (R9); billing them blind would guess. */
function checkCustomersKnown(monthEntries: readonly Entry[], customers: CustomerBook, month: BillingMonth): Issue[] {
  const issues: Issue[] = [];
  for (const entry of monthEntries) {
    const rows = customers.get(entry.customer);
    if (!rows) {
      issues.push({
        code: 'unknown-customer',
        message: `entry ${entry.id} is for customer "${entry.customer}", who is not in the customer file`,
        source: { ...entry.source, column: 'customer' },
        value: entry.customer,
        entryId: entry.id,
      });
    } else if (!rowInForce(rows, month)) {
      issues.push({
        code: 'no-tier-in-force',
        message: `entry ${entry.id}: customer "${entry.customer}" has no tier in force in ${month} (first valid_from ${rows[0]?.validFrom ?? '?'})`,
        source: { ...entry.source, column: 'customer' },
        value: entry.customer,
        entryId: entry.id,
      });
    }
  }
  return issues;
}

/** R7: every customer on a paying tier gets a statement; a NONE customer only when they had entries. */
function customersWithStatement(customers: CustomerBook, monthEntries: readonly Entry[], month: BillingMonth, everyCustomer: boolean): string[] {
  const ids = new Set(monthEntries.map((e) => e.customer));
  for (const [customer, rows] of customers) {
    const row = rowInForce(rows, month);
    if (row && (everyCustomer || row.tier !== 'NONE')) ids.add(customer);
  }
  return [...ids].sort(compareText);
}

/** Group items by key, keeping their order (lines stay chronological, units stay in draw-down order). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}
