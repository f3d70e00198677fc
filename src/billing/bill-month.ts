import { classifyEntries, collectCaseCauses, type ClassifiedEntry, type UnresolvedTreatment } from './classify.js';
import { sortAgainstClosedMonths, type AlteredAfterBilling, type ClosedMonth } from './closed-months.js';
import { resolveEntries, type Decision, type Resolution } from './decisions.js';
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
  /** Months already billed, with the entries each billed: nothing they billed is billed again (R14). */
  closedMonths?: readonly ClosedMonth[];
  /** The clerk's decisions for entries the rules cannot classify (the review queue), by entry id. */
  decisions?: readonly Decision[];
  /** false: the caller has checked entry ids over the whole log (billing by customer groups); default true (R14). */
  checkDuplicates?: boolean;
}

/** How the entries read were used: `read` = `month` + `late` + `alreadyBilled` + `earlier` + `later`. */
export interface EntryCounts {
  read: number;
  /** Dated in the billing month: on its statements. */
  month: number;
  /** Dated in an earlier closed month that did not bill them: on this month's statements, marked late. */
  late: number;
  /** Billed by a closed month already; not billed again. */
  alreadyBilled: number;
  /** Dated before the billing month, in no closed month: not billed, only counted (R2 causes, R6 sessions). */
  earlier: number;
  /** Dated after the billing month: not billed. */
  later: number;
}

/** The bill of one month: a statement per customer (ordered by customer id, R13) and their totals. */
export interface MonthBill {
  month: BillingMonth;
  statements: Statement[];
  totals: StatementFigures;
  entryCounts: EntryCounts;
  /** Entries a closed month billed and that were edited since; not billed again, reported to the clerk. */
  alteredAfterBilling: AlteredAfterBilling[];
  /** Decisions for entries that are not in the log; reported, never silently dropped. */
  unusedDecisions: Decision[];
}

/**
 * Bill one month: classify (R1, R2) → sessions (R6) → round (R4) → draw down (R5) → price (R3, R10) →
 * statements (R7, R11). Every problem found on the way is returned together; the bill is null when there is
 * any, because a partial bill would silently drop entries (R14).
 */
export function billMonth(input: BillingInput, priceList: PriceList): Checked<MonthBill | null> {
  const { month } = input;
  const issues: Issue[] = input.checkDuplicates === false ? [] : findDuplicateEntries(input.entries);

  const book = indexCustomers(input.customers);
  issues.push(...book.issues);
  const customers = book.value;

  const sorted = sortAgainstClosedMonths(input.entries, input.closedMonths ?? [], month);
  const late = new Set(sorted.lateEntries.map((e) => e.id));
  // Every entry as billing reads it: the clerk's decisions applied, keywords giving missing activities.
  const resolved = resolveEntries(sorted.history, input.decisions ?? [], priceList.keywords);
  const history = resolved.entries;
  // By object, not id: with duplicate ids (reported above) every row must still be checked.
  const readAs = new Map(sorted.history.map((e, i) => [e, history[i]!]));
  const asRead = new Map(sorted.history.map((e, i) => [history[i]!, e]));
  // Late entries join the month's own: they are billed now, under the tier and included hours of this month.
  const monthEntries = [...sorted.monthEntries, ...sorted.lateEntries].map((e) => readAs.get(e) ?? e).sort(compareChronologically);
  issues.push(...checkCustomersKnown(monthEntries, customers, month));

  const topUps = resolveTopUps(input.topUps, month, customers, priceList);
  issues.push(...topUps.issues);

  const classified = classifyEntries(monthEntries, collectCaseCauses(history, month), priceList, input.treatUnresolved);
  issues.push(...classified.issues);
  if (issues.length > 0) return { value: null, issues };

  const allowed = applySessionAllowance(classified.value, history, customers, month, priceList);
  const { sessions, startedThisYear } = allowed;
  const lines = allowed.lines.map((line) => {
    // Statements and the record show the entry as read; the line says how billing read it differently.
    const explained = explainResolution({ ...line, entry: asRead.get(line.entry) ?? line.entry }, resolved.how.get(line.entry.id));
    return late.has(line.entry.id) ? markLate(explained) : explained;
  });
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

  return {
    value: {
      month,
      statements,
      totals: sumFigures(statements),
      entryCounts: {
        read: input.entries.length,
        month: sorted.monthEntries.length,
        late: sorted.lateEntries.length,
        alreadyBilled: sorted.alreadyBilled,
        earlier: sorted.earlier,
        later: sorted.later,
      },
      // By customer and id, not log order: the same edits are reported alike however the log is ordered (R13).
      alteredAfterBilling: sorted.alteredAfterBilling.sort((a, b) => compareText(a.entry.customer, b.entry.customer) || compareText(a.entry.id, b.entry.id)),
      unusedDecisions: resolved.unusedDecisions,
    },
    issues: [],
  };
}

/** Mark a line whose activity came from a keyword, or whose values came from the clerk's decision. */
function explainResolution(line: ClassifiedEntry, how: Resolution | undefined): ClassifiedEntry {
  if (!how || line.basis === 'run-option') return line;
  if (how.basis === 'decision') {
    const { decision } = how;
    const what = [
      decision.activity !== null ? `activity ${decision.activity}` : '',
      decision.cause !== null ? `cause ${decision.cause}` : '',
      decision.billable !== null ? `billable ${decision.billable ? 'yes' : 'no'}` : '',
    ].filter(Boolean);
    const why = `manual decision (${decision.source.file}:${decision.source.line}${what.length > 0 ? `: ${what.join(', ')}` : ''})`;
    // "billable=no on the entry" would be untrue when the decision, not the entry, says so.
    const own = line.basis === 'manual' && decision.billable !== null ? '' : line.note;
    return { ...line, basis: 'decision', note: own ? `${why}; ${own}` : why };
  }
  // A keyword only gave the activity; a manual billable value or the case's cause may still decide the class.
  const why = `activity ${how.rule.activity} from the description ("${how.rule.keyword}")`;
  return { ...line, basis: line.basis === 'catalogue' ? 'keyword' : line.basis, note: line.note ? `${why}; ${line.note}` : why };
}

/** A late entry keeps its own date on the statement and says why it is billed this month. */
function markLate(line: ClassifiedEntry): ClassifiedEntry {
  const why = `late entry: dated ${line.entry.date}, after ${monthOfDate(line.entry.date)} was billed`;
  return { ...line, late: true, note: line.note ? `${why}; ${line.note}` : why };
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
