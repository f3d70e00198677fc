import { closestMatch } from './suggest.js';
import { idsOver, joinEntryIds, sortCustomerHistory, type AlteredAfterBilling, type EntryIds, type EntryIdsParts, type CustomerHistory, type CustomerRows } from './billed-once.js';
import { classifyEntries, collectCaseCauses, type ClassifiedEntry, type UnresolvedTreatment } from './classify.js';
import { resolveEntries, type Decision, type Resolution } from './decisions.js';
import { compareChronologically, compareText } from './compare.js';
import { drawDownIncluded } from './draw-down.js';
import { EntryTable, shared32 } from './entry-table.js';
import type { Checked, Issue } from './issue.js';
import { keywordMatcher, type KeywordMatcher } from './keywords.js';
import { monthOfDate } from './month.js';
import type { PriceList } from './price-list.js';
import { priceUnits } from './price-units.js';
import { applySessionAllowance } from './sessions.js';
import { isRowProblem, setAsideEntries, type SetAsideRow } from './set-aside.js';
import { buildStatement, sumFigures, type Statement, type StatementFigures } from './statement.js';
import { indexCustomers, rowInForce, type CustomerBook } from './tiers.js';
import { resolveTopUps } from './top-ups.js';
import type { BillingMonth, CustomerRow, Entry, IsoDate, TopUp } from './types.js';
import { roundUnits } from './units.js';

export interface BillingInput {
  month: BillingMonth;
  /** Every entry read, of any month: earlier ones count for sessions (R6) and case causes (R2). */
  log: EntryTable;
  customers: readonly CustomerRow[];
  /**
   * Customers whose row in the customer file could not be read (an unknown tier, a bad date). That row's
   * problem stops the run already, at its line; their entries are not checked, so the one cause is not buried
   * under an "is not in the customer file" for every entry it has (issue 16).
   */
  unreadCustomers?: ReadonlySet<string>;
  topUps: readonly TopUp[];
  treatUnresolved: UnresolvedTreatment;
  /** A statement for every customer with a tier in force, also NONE without work (for `hours`); default false (R7). */
  everyCustomer?: boolean;
  /**
   * Months already billed and what they billed (R14): `closedMonths` names them, and each row of `records` is
   * an entry the month `closedMonths[records.month[row]]` billed. Nothing they billed is billed again.
   */
  closedMonths?: readonly BillingMonth[];
  records?: EntryTable;
  /** The clerk's decisions for entries the rules cannot classify (the review queue), by entry id. */
  decisions?: readonly Decision[];
  /** Bill only this customer (`hours` for one customer); the others are counted, not billed. */
  onlyCustomer?: string;
  /** Month to date (R12): entries dated after this day are left out, as if not yet logged. */
  upTo?: IsoDate;
  /**
   * `--reject-invalid`: rows whose problem concerns them alone (a duplicated id, an unknown customer, no tier
   * in force) are set aside with their reasons and the rest is billed; false: they stop the bill.
   */
  rejectInvalid?: { workLogs: ReadonlySet<string>; asWritten: (issue: Issue) => Issue } | null;
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

/** What the month's summary, `invoices.csv` and the manifest say about one statement: no itemised lines. */
export interface StatementOutline extends StatementFigures {
  month: BillingMonth;
  customer: string;
  name: string;
  tier: Statement['tier'];
  leftMinutes: number;
  /** Lines on the statement, and how many of them have paid minutes. */
  lineCount: number;
  paidLineCount: number;
}

/**
 * The bill of one month: each statement's figures (ordered by customer id, R13), their totals and what the
 * clerk is told. The statements themselves, with their lines, go to the caller one at a time as they are
 * billed, so a month of any size is never held whole.
 */
export interface MonthBill {
  month: BillingMonth;
  statements: StatementOutline[];
  totals: StatementFigures;
  entryCounts: EntryCounts;
  /** Entries billed this month although dated in an earlier closed month (R14), in statement order. */
  lateEntries: Entry[];
  /** Entries a closed month billed and that were edited since; not billed again, reported to the clerk. */
  alteredAfterBilling: AlteredAfterBilling[];
  /** Decisions for entries that are not in the log; reported, never silently dropped. */
  unusedDecisions: Decision[];
  /** Rows set aside by `rejectInvalid`, with their problems. */
  setAside: SetAsideRow[];
}

export function outlineStatement(s: Statement): StatementOutline {
  const { lines, units: _units, sessions: _sessions, sessionsThisYear: _year, ...figures } = s;
  let paid = 0;
  for (const line of lines) if (line.paidMinutes > 0) paid++;
  return { ...figures, lineCount: lines.length, paidLineCount: paid };
}

/**
 * Bill one month: R14 over the whole log (`joinEntryIds`), then each customer on its own, in id order (R13):
 * classify (R1, R2) → sessions (R6) → round (R4) → draw down (R5) → price (R3, R10) → statement (R7, R11).
 * Every rule works within one customer, so each statement goes to `onStatement` as soon as it is made and is
 * not kept. Every problem found is returned together; the bill is null when there is any, because a partial
 * bill would silently drop entries (R14), and no statement is handed over after the first problem.
 */
export function billMonth(input: BillingInput, priceList: PriceList, onStatement: (statement: Statement) => void = () => undefined): Checked<MonthBill | null> {
  const steps = billStatements(input, priceList);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    onStatement(step.value);
  }
}

/**
 * The same, a statement at a time: each is yielded as soon as it is billed (a caller writing files awaits the
 * disk between them), and the bill is the generator's return value.
 */
export function* billStatements(input: BillingInput, priceList: PriceList): Generator<Statement, Checked<MonthBill | null>, void> {
  const plan = planMonth(input, priceList);
  const bill = monthBillOf(plan);
  for (const customer of plan.customers) {
    const { statement, part } = billCustomerOf(plan, customer);
    if (bill.add(part) && statement) yield statement;
  }
  return bill.done();
}

/**
 * What billing needs of the whole month before its first customer: the R14 join, the customers to bill in
 * order, each one's rows, and the month's own problems. Made once per thread that bills some of the month.
 */
export interface MonthPlan {
  input: BillingInput;
  /** `input.records`, or none. */
  records: EntryTable;
  ids: EntryIds;
  context: MonthContext;
  /** The customers to bill, in id order (R13). */
  customers: string[];
  rowsOf: ReadonlyMap<string, CustomerRows>;
  /** The rows of each table by customer, in shared memory: `rowsOf` is views of them. */
  rows: { log: RowGroups; records: RowGroups };
  /** Problems of the month as a whole (duplicate ids, the customer and top-up files), before any customer's. */
  issues: Issue[];
  /** Rows `rejectInvalid` set aside before billing (every row of a duplicated id). */
  setAside: SetAsideRow[];
}

/**
 * A plan as a thread beside the one that made it is given it (`planOver` there): what took a pass over every
 * row (the R14 join, each customer's rows) lies in shared memory and is not made again, nor held twice.
 */
export type PlanParts = Pick<MonthPlan, 'customers' | 'rows' | 'issues' | 'setAside'> & { ids: EntryIdsParts };

export function planParts(plan: MonthPlan): PlanParts {
  const { duplicates, duplicateRows, billedAs, inLog } = plan.ids;
  return { customers: plan.customers, rows: plan.rows, issues: plan.issues, setAside: plan.setAside, ids: { duplicates, duplicateRows, billedAs, inLog } };
}

/** The plan another thread made of the same input (`planParts`), ready to bill its customers here. */
export function planOver(input: BillingInput, priceList: PriceList, parts: PlanParts): MonthPlan {
  const records = input.records ?? new EntryTable();
  const { ids, rows, ...rest } = parts;
  return {
    ...rest,
    input,
    records,
    ids: idsOver(ids, input.log, input.upTo ?? null),
    context: monthContext(input, priceList).context,
    rowsOf: rowsByCustomer(input.log, records, rows),
    rows,
  };
}

export function planMonth(input: BillingInput, priceList: PriceList): MonthPlan {
  const { log } = input;
  const records = input.records ?? new EntryTable();
  const closedMonths = input.closedMonths ?? [];
  const rejecting = input.rejectInvalid ?? null;
  const only = input.onlyCustomer;
  // A record of the billed month itself is ignored: billing it again (a reissue, or the check that it is
  // unchanged) starts from the log.
  const ownMonth = closedMonths.indexOf(input.month);
  const ids = joinEntryIds(log, records, ownMonth, input.upTo ?? null);
  // For one customer (`hours`), only its own rows' problems stop its figures.
  const duplicates = only === undefined ? ids.duplicates : ids.duplicates.filter((_, i) => log.customerOf(ids.duplicateRows[i]!) === only);
  const issues: Issue[] = rejecting ? [] : [...duplicates];
  const setAside: SetAsideRow[] = [];
  const { context, issues: contextIssues } = monthContext(input, priceList);
  issues.push(...contextIssues);
  if (rejecting && ids.duplicated.size > 0) {
    // Every row of a duplicated id is set aside: which one is right is the clerk's call.
    const rows: Entry[] = [];
    for (let row = 0; row < log.size; row++) if (ids.counted(row) && ids.duplicated.has(log.ids.text(row))) rows.push(log.entry(row));
    setAside.push(...setAsideEntries(rows, ids.duplicates.map(rejecting.asWritten)).setAside);
  }
  const rows = { log: groupRows(log, ids.counted), records: groupRows(records, (record) => records.month[record] !== ownMonth) };
  const rowsOf = rowsByCustomer(log, records, rows);
  const unread = input.unreadCustomers ?? new Set<string>();
  const toBill = customersToBill(rowsOf, context.customers, input.month, input.everyCustomer ?? false).filter((c) => (only === undefined || only === c) && !unread.has(c));
  return { input, records, ids, context, customers: toBill, rowsOf, rows, issues, setAside };
}

/** What every customer of the month is billed against, and the problems of the customer and top-up files. */
function monthContext(input: BillingInput, priceList: PriceList): { context: MonthContext; issues: Issue[] } {
  const { month } = input;
  const only = input.onlyCustomer;
  const book = indexCustomers(input.customers);
  const customers = book.value;
  const unread = input.unreadCustomers ?? new Set<string>();
  const topUps = resolveTopUps(input.topUps.filter((t) => (only === undefined || t.customer === only) && !unread.has(t.customer)), month, customers, priceList);
  const context: MonthContext = {
    month,
    priceList,
    customers,
    topUps: topUps.value,
    decisions: new Map((input.decisions ?? []).map((d) => [d.entryId, d])),
    matcher: keywordMatcher(priceList.keywords),
    treatUnresolved: input.treatUnresolved,
    everyCustomer: input.everyCustomer ?? false,
  };
  return { context, issues: [...book.issues, ...topUps.issues] };
}

/** What one customer adds to the month's bill besides its statement's lines: all another thread sends of it. */
export interface CustomerPart {
  customer: string;
  /** Its statement's figures; null when it has none this month. */
  outline: StatementOutline | null;
  issues: Issue[];
  counts: EntryCounts;
  lateEntries: Entry[];
  alteredAfterBilling: AlteredAfterBilling[];
  /** Ids of the clerk's decisions its log rows used. */
  usedDecisions: string[];
  setAside: SetAsideRow[];
}

/** One customer of the plan billed. */
export interface CustomerBilled {
  /** Null: no statement this month. */
  statement: Statement | null;
  /** The log row of each line of the statement, in order. */
  lineRows: Int32Array;
  part: CustomerPart;
}

/** One customer of the plan billed: its statement and its part of the month's bill. */
export function billCustomerOf(plan: MonthPlan, customer: string): CustomerBilled {
  const { input, records, ids, context } = plan;
  const { log } = input;
  const rejecting = input.rejectInvalid ?? null;
  const setAside: SetAsideRow[] = [];
  const rows = plan.rowsOf.get(customer) ?? NO_ROWS;
  let keep = rejecting ? (row: number) => !ids.duplicated.has(log.ids.text(row)) : () => true;
  let sorted = sortCustomerHistory(rows, log, records, ids, input.closedMonths ?? [], input.month, keep);
  let billed = billCustomer(customer, sorted, context);
  if (rejecting) {
    // A first pass finds the rows only billing can judge (unknown customer, no tier in force); the rest is billed.
    const problems = billed.issues.filter((i) => isRowProblem(i, rejecting.workLogs)).map(rejecting.asWritten);
    if (problems.length > 0) {
      const found = setAsideEntries([...sorted.monthEntries, ...sorted.lateEntries], problems).setAside;
      setAside.push(...found);
      const aside = new Set(found.map((r) => `${r.source.file}\u0000${r.source.line}`));
      const before = keep;
      keep = (row) => before(row) && !aside.has(`${log.fileOf(row)}\u0000${log.line[row]}`);
      sorted = sortCustomerHistory(rows, log, records, ids, input.closedMonths ?? [], input.month, keep);
      billed = billCustomer(customer, sorted, context);
    }
  }
  let read = 0;
  const usedDecisions: string[] = [];
  for (const row of rows.log) {
    if (!keep(row)) continue;
    read++;
    // A decision is used when the log this bill reads has its entry (a closed month's record alone does not
    // make it used: the clerk is told it matched nothing in the work log).
    if (context.decisions.size > 0 && context.decisions.has(log.ids.text(row))) usedDecisions.push(log.ids.text(row));
  }
  const { statement } = billed;
  const lateEntries: Entry[] = [];
  if (statement) for (const line of statement.lines) if (line.late) lateEntries.push(line.entry);
  return {
    statement,
    lineRows: Int32Array.from(statement?.lines ?? [], (line) => sorted.rowOf.get(line.entry)!),
    part: {
      customer,
      outline: statement && outlineStatement(statement),
      issues: billed.issues,
      counts: { read, month: sorted.monthEntries.length, late: sorted.lateEntries.length, alreadyBilled: sorted.alreadyBilled, earlier: sorted.earlier, later: sorted.later },
      lateEntries,
      alteredAfterBilling: sorted.alteredAfterBilling,
      usedDecisions,
      setAside,
    },
  };
}

/**
 * The month's bill from its customers' parts, added in the plan's order: by whichever thread billed each, the
 * bill, its notes and its problems are the same. `add` says whether the customer's statement is still part of
 * the bill (no problem found so far: a bill with a problem is never made, and nothing of it is written).
 */
export function monthBillOf(plan: MonthPlan): { add(part: CustomerPart): boolean; done(): Checked<MonthBill | null> } {
  const { input } = plan;
  const issues: Issue[] = [...plan.issues];
  const setAside: SetAsideRow[] = [...plan.setAside];
  const usedDecisions = new Set<string>();
  const counts: EntryCounts = { read: 0, month: 0, late: 0, alreadyBilled: 0, earlier: 0, later: 0 };
  const statements: StatementOutline[] = [];
  const lateEntries: Entry[] = [];
  const alteredAfterBilling: AlteredAfterBilling[] = [];
  let next = 0;
  return {
    add(part) {
      const expected = plan.customers[next++];
      if (part.customer !== expected) throw new Error(`billing: the part of ${expected ?? 'nobody'} was expected, not ${part.customer}`);
      setAside.push(...part.setAside);
      for (const id of part.usedDecisions) usedDecisions.add(id);
      counts.read += part.counts.read;
      counts.month += part.counts.month;
      counts.late += part.counts.late;
      counts.alreadyBilled += part.counts.alreadyBilled;
      counts.earlier += part.counts.earlier;
      counts.later += part.counts.later;
      alteredAfterBilling.push(...part.alteredAfterBilling);
      issues.push(...part.issues);
      if (part.outline === null || issues.length > 0) return false;
      statements.push(part.outline);
      lateEntries.push(...part.lateEntries);
      return true;
    },
    done() {
      if (issues.length > 0) return { value: null, issues };
      return {
        value: {
          month: input.month,
          statements,
          totals: sumFigures(statements),
          entryCounts: counts,
          lateEntries,
          alteredAfterBilling,
          unusedDecisions: (input.decisions ?? []).filter((d) => !usedDecisions.has(d.entryId)),
          setAside,
        },
        issues: [],
      };
    },
  };
}

const NO_ROWS: CustomerRows = { log: new Int32Array(0), records: new Int32Array(0) };

/** What every customer of the month is billed against: read once per month, not per customer. */
export interface MonthContext {
  month: BillingMonth;
  priceList: PriceList;
  customers: CustomerBook;
  /** Top-up blocks per customer this month (R8). */
  topUps: ReadonlyMap<string, number>;
  decisions: ReadonlyMap<string, Decision>;
  matcher: KeywordMatcher;
  treatUnresolved: UnresolvedTreatment;
  everyCustomer: boolean;
}

/**
 * The rows of each customer, in log order: the one pass over the columns that replaces sorting the entries
 * (each customer's entries are ordered for the statement when it is billed, R13). A counting sort into one
 * typed array per table (`groupRows`), each customer's rows a view of it: ten million rows in 40 MB rather
 * than in a JS array per customer.
 */
function rowsByCustomer(log: EntryTable, records: EntryTable, rows: MonthPlan['rows']): Map<string, CustomerRows> {
  const byCustomer = new Map<string, CustomerRows>();
  log.customers.values.forEach((customer, n) => byCustomer.set(customer, { log: rowsOfGroup(rows.log, n), records: NO_ROWS.records }));
  records.customers.values.forEach((customer, n) => {
    const found = byCustomer.get(customer);
    const own = rowsOfGroup(rows.records, n);
    if (own.length > 0) byCustomer.set(customer, { log: found?.log ?? NO_ROWS.log, records: own });
  });
  return byCustomer;
}

/** A table's rows grouped by customer number, each group in row order: group n is `order[starts[n]] … order[starts[n + 1]]`. */
export interface RowGroups {
  order: Int32Array;
  starts: Int32Array;
}

/** The table's rows that pass `keep`, grouped (in shared memory, for a thread beside: `planParts`). */
function groupRows(table: EntryTable, keep: (row: number) => boolean): RowGroups {
  const starts = shared32(table.customers.values.length + 1);
  for (let row = 0; row < table.size; row++) if (keep(row)) starts[table.customer[row]! + 1]!++;
  for (let n = 1; n < starts.length; n++) starts[n]! += starts[n - 1]!;
  const order = shared32(starts[starts.length - 1]!);
  const next = starts.slice(0, -1);
  for (let row = 0; row < table.size; row++) if (keep(row)) order[next[table.customer[row]!]!++] = row;
  return { order, starts };
}

function rowsOfGroup(groups: RowGroups, customer: number): Int32Array {
  return groups.order.subarray(groups.starts[customer]!, groups.starts[customer + 1]!);
}

/** R7: every customer on a paying tier gets a statement; a NONE customer only when they had entries. Also customers with rows only, to count them. */
function customersToBill(rows: ReadonlyMap<string, CustomerRows>, customers: CustomerBook, month: BillingMonth, everyCustomer: boolean): string[] {
  const ids = new Set([...rows.keys()]);
  for (const [customer, list] of customers) {
    const row = rowInForce(list, month);
    if (row && (everyCustomer || row.tier !== 'NONE')) ids.add(customer);
  }
  return [...ids].sort(compareText);
}

/** One customer's statement (null: no statement this month) and its problems. */
function billCustomer(customer: string, sorted: CustomerHistory, context: MonthContext): { statement: Statement | null; issues: Issue[] } {
  const { month, priceList, customers, topUps, decisions, matcher } = context;
  const late = new Set(sorted.lateEntries);
  // Every entry as billing reads it: the clerk's decisions applied, keywords giving missing activities.
  const resolved = resolveEntries(sorted.history, decisions, matcher);
  const history = resolved.entries;
  // By object, not id: with duplicate ids every row must still be checked. Only the entries read differently
  // are mapped (a decision or a keyword made a new object); the others are billed as they are.
  const readAs = new Map<Entry, Entry>();
  const asRead = new Map<Entry, Entry>();
  sorted.history.forEach((e, i) => {
    const read = history[i]!;
    if (read === e) return;
    readAs.set(e, read);
    asRead.set(read, e);
  });
  // Late entries join the month's own: they are billed now, under the tier and included hours of this month.
  const monthEntries = [...sorted.monthEntries, ...sorted.lateEntries].map((e) => readAs.get(e) ?? e).sort(compareChronologically);
  const issues = checkCustomersKnown(monthEntries, customers, month);

  const classified = classifyEntries(monthEntries, collectCaseCauses(history, month), priceList, context.treatUnresolved);
  issues.push(...classified.issues);
  const row = rowInForce(customers.get(customer) ?? [], month);
  if (issues.length > 0 || !row || (monthEntries.length === 0 && row.tier === 'NONE' && !context.everyCustomer)) {
    return { statement: null, issues };
  }

  const allowed = applySessionAllowance(classified.value, history, customers, month, priceList);
  const lines = allowed.lines.map((line) => {
    // Statements and the record show the entry as read; the line says how billing read it differently.
    const asWritten = asRead.get(line.entry);
    const explained = asWritten === undefined ? line : explainResolution({ ...line, entry: asWritten }, resolved.how.get(line.entry.id));
    return late.has(explained.entry) ? markLate(explained) : explained;
  });
  const tier = priceList.tiers[row.tier];
  const topUpBlocks = topUps.get(customer) ?? 0;
  const includedMinutes = tier.includedMinutes + topUpBlocks * priceList.topUp.minutes;
  const drawn = drawDownIncluded(roundUnits(lines, priceList.stepMinutes), includedMinutes);
  const statement = buildStatement({
    month,
    customer,
    name: row.name,
    tier: row.tier,
    packageFee: tier.monthlyFee,
    topUpBlocks,
    topUpFee: topUpBlocks * priceList.topUp.price,
    includedMinutes,
    lines,
    units: priceUnits(drawn.units, priceList),
    sessions: allowed.sessions.get(customer) ?? [],
    sessionsThisYear: allowed.startedThisYear.get(customer) ?? 0,
  });
  return { statement, issues: [] };
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
  // One customer's entries: the nearest known id is looked for once.
  const nearest = new Map<string, string | null>();
  for (const entry of monthEntries) {
    const rows = customers.get(entry.customer);
    if (!rows) {
      let near = nearest.get(entry.customer);
      if (near === undefined) nearest.set(entry.customer, (near = closestMatch(entry.customer, [...customers.keys()])));
      issues.push({
        code: 'unknown-customer',
        message: `entry ${entry.id} is for customer "${entry.customer}", who is not in the customer file${near === null ? '' : `; did you mean ${near} (${customers.get(near)![0]!.name})?`}`,
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

