import { NONE, shared32, type EntryTable } from './entry-table.js';
import type { Issue } from './issue.js';
import { monthOfDate } from './month.js';
import { IdIndex, indexOfIds } from './id-index.js';
import { catalogueItem, type PriceList } from './price-list.js';
import type { BillingMonth, Entry, IsoDate } from './types.js';

/*
 * R14, nothing billed twice and nothing lost, in one place: one hash join over entry ids finds
 *   - an id used by two rows of the logs (an input error, never merged or dropped),
 *   - an entry a closed month has billed already (not billed again),
 *   - such an entry edited since (reported, still not billed again),
 *   - such an entry moved to another customer since (the same: the record, not the log, says who was billed).
 * Every later step works a customer at a time on what this join found.
 */

/** What the join found, by row of the log and of the closed months' records. */
export interface EntryIds {
  /** Every row whose id an earlier row used, in log order. */
  duplicates: Issue[];
  /** The row of each of `duplicates`. */
  duplicateRows: number[];
  /** The ids used by more than one row. */
  duplicated: ReadonlySet<string>;
  /** Per log row: the record row of a closed month that billed this id, or -1. */
  billedAs: Int32Array;
  /** Per record row: the first log row with its id, or -1. */
  inLog: Int32Array;
  /** Per log row: false when it is not part of this bill (dated after the as-of day of `hours`, R12). */
  counted: (row: number) => boolean;
}

/**
 * Join the log's ids with each other and with the records. `ownMonth`: the number of the billed month among the
 * records' months, whose own record is ignored (billing it again starts from the log); `upTo`: leave out
 * entries dated after this day.
 */
export function joinEntryIds(log: EntryTable, records: EntryTable, ownMonth: number, upTo: IsoDate | null = null): EntryIds {
  const firstRow = new IdIndex(log.ids, log.size);
  const first = new Int32Array(log.size);
  const duplicates: Issue[] = [];
  const duplicateRows: number[] = [];
  const duplicated = new Set<string>();
  const counted = countedUpTo(log, upTo);
  for (let row = 0; row < log.size; row++) {
    if (!counted(row)) continue;
    const earlier = firstRow.add(row);
    if (earlier < 0) {
      first[row] = row;
      continue;
    }
    first[row] = earlier;
    const id = log.ids.text(row);
    duplicated.add(id);
    duplicateRows.push(row);
    duplicates.push({
      code: 'duplicate-entry',
      message: `entry id "${id}" is used again (first at ${log.fileOf(earlier)}:${log.line[earlier]}); every entry needs its own id`,
      source: { file: log.fileOf(row), line: log.line[row]!, column: 'id' },
      value: id,
      entryId: id,
    });
  }
  // In shared memory, for a thread beside that bills from the same join (`idsOver`).
  const billedAs = shared32(log.size).fill(-1);
  const inLog = shared32(records.size).fill(-1);
  // Records come month by month, oldest first; should two months list one id, the later one's record counts.
  for (let record = 0; record < records.size; record++) {
    if (records.month[record] === ownMonth) continue;
    const row = firstRow.findBytes(records.ids.bytes, records.ids.from(record), records.ids.to(record));
    if (row < 0) continue;
    billedAs[row] = record;
    inLog[record] = row;
  }
  for (let row = 0; row < log.size; row++) if (first[row] !== row) billedAs[row] = billedAs[first[row]!]!;
  return { duplicates, duplicateRows, duplicated, billedAs, inLog, counted };
}

/** Which rows of the log a bill up to `upTo` counts (null: every row). */
function countedUpTo(log: EntryTable, upTo: IsoDate | null): (row: number) => boolean {
  return upTo === null ? () => true : (row) => log.dateOf(row) <= upTo;
}

/** What the join found, as another thread is given it: its arrays lie in shared memory, nothing is copied. */
export type EntryIdsParts = Pick<EntryIds, 'duplicates' | 'duplicateRows' | 'billedAs' | 'inLog'>;

/** The join another thread made over the same log (`joinEntryIds` with the same `upTo`), without making it again. */
export function idsOver(parts: EntryIdsParts, log: EntryTable, upTo: IsoDate | null): EntryIds {
  const duplicated = new Set(parts.duplicateRows.map((row) => log.ids.text(row)));
  return { ...parts, duplicated, counted: countedUpTo(log, upTo) };
}

/**
 * Which records of closed months can still change the bill of `month`, judged as each is read: a year of
 * closed months is millions of records, and nearly all of them cannot. A record is kept when
 *   - the log has its id (R14: billed already, and maybe edited or moved since), or
 *   - the log has its customer's case (the case's cause, R2; where its session started, R6), or
 *   - it could be a development-consultation session's entry (R6 numbers the year's sessions): no billable
 *     flag, and an activity the price list makes a SESSION or none yet (a keyword may give it one), or a
 *     decision of the clerk's for its id; if dated before the billing month's year, only with a case id
 *     (a session that went on into the year started then; one without a case is a session of its own, of
 *     an earlier year).
 * Any other record is work on a case the log no longer has, and of a case only its sessions still count.
 * `sortCustomerHistory` then applies its reasons exactly, per customer; this keeps every record it could use,
 * whatever order the records are read in.
 */
export function recordsNeeded(log: EntryTable, month: BillingMonth, priceList: PriceList, decided: ReadonlySet<string>): RecordNeeded {
  const year = month.slice(0, 4);
  const ids = new IdIndex(log.ids, log.size);
  for (let row = 0; row < log.size; row++) ids.add(row);
  // Each customer's cases by the log's numbers for them: a record file names a case by its bytes, looked up
  // once per file (`caseOf`), so a record is judged without making a string of its case.
  const casesOf = log.customers.values.map(() => new Set<number>());
  for (let row = 0; row < log.size; row++) if (log.case[row] !== NONE) casesOf[log.customer[row]!]!.add(log.case[row]!);
  const logCases = new Map(log.customers.values.map((customer, n) => [customer, casesOf[n]!]));
  const sessionActivity = new Map<string, boolean>();
  const isSession = (activity: string) => {
    let known = sessionActivity.get(activity);
    if (known === undefined) sessionActivity.set(activity, (known = catalogueItem(priceList, activity)?.class === 'SESSION'));
    return known;
  };
  const decidedIds = indexOfIds(decided);
  return {
    caseOf: (bytes, from, to) => log.cases.findBytes(bytes, from, to),
    needed(id, customer, logCase, hasCase, date, activity, billable) {
      if (ids.findBytes(id.bytes, id.from, id.to) >= 0 || (logCase !== NONE && logCases.get(customer)?.has(logCase) === true)) return true;
      const couldBeSession = (billable === null && (activity === null || isSession(activity))) || decidedIds.findBytes(id.bytes, id.from, id.to) >= 0;
      return couldBeSession && (hasCase || date.startsWith(year));
    },
  };
}

/** Whether a record of a closed month is needed (`recordsNeeded`), asked by a reader of record files. */
export interface RecordNeeded {
  /** The log's number of the case id whose UTF-8 bytes are `bytes[from] … bytes[to]`, or NONE: asked once per case a file names. */
  caseOf(bytes: Uint8Array, from: number, to: number): number;
  /**
   * Whether the record is needed, by its id (its UTF-8 bytes: most records are read past without making a
   * string of it), customer, case (`logCase`: `caseOf` its case id, NONE when the log has no such case;
   * `hasCase`: whether it has a case id at all), date, activity and billable flag.
   */
  needed(
    id: { bytes: Uint8Array; from: number; to: number },
    customer: string,
    logCase: number,
    hasCase: boolean,
    date: IsoDate,
    activity: string | null,
    billable: boolean | null,
  ): boolean;
}

/** The fields of an entry that billing depends on, in the order differences are reported. */
export const ENTRY_FIELDS = [
  'customer', 'caseId', 'date', 'start', 'end', 'minutes', 'technician', 'role', 'activity', 'cause', 'billable', 'description',
] as const satisfies readonly (keyof Entry)[];

export type EntryField = (typeof ENTRY_FIELDS)[number];

export interface FieldChange {
  field: EntryField;
  before: Entry[EntryField];
  after: Entry[EntryField];
}

/** What differs between two versions of one entry (same id); empty when they bill alike. */
export function changedFields(before: Entry, after: Entry): FieldChange[] {
  return ENTRY_FIELDS.filter((field) => before[field] !== after[field]).map((field) => ({ field, before: before[field], after: after[field] }));
}

/** An entry of the log that a closed month billed, and that has been edited since. It is not billed again. */
export interface AlteredAfterBilling {
  entry: Entry;
  billedIn: BillingMonth;
  changes: FieldChange[];
}

/** One customer's entries, sorted against the closed months for one billing month. */
export interface CustomerHistory {
  /** Entries dated in the billing month that no closed month has billed. */
  monthEntries: Entry[];
  /** Entries dated in an earlier closed month that it did not bill: billed now, with their own date. */
  lateEntries: Entry[];
  /** Entries some closed month already billed; never billed again. */
  alreadyBilled: number;
  /** Entries neither billed nor late, dated before (`earlier`) or after (`later`) the billing month. */
  earlier: number;
  later: number;
  alteredAfterBilling: AlteredAfterBilling[];
  /** The log row each of `monthEntries` and `lateEntries` was read from (the record is written from the columns). */
  rowOf: Map<Entry, number>;
  /**
   * Every entry known, for counting sessions (R6) and finding case causes (R2): the log, with the recorded
   * version of each entry a closed month billed (that is the version its bill used), plus recorded entries
   * the log no longer has (or has under another customer).
   */
  history: Entry[];
}

/** Where one customer's rows are: in the log (in log order) and in the records of closed months other than the billed one. */
export interface CustomerRows {
  log: Int32Array;
  records: Int32Array;
}

/**
 * Sort one customer's rows against the closed months (`closedMonths[records.month[row]]` billed a record row).
 * The billing month's own record is not among the records: billing it again (a reissue, or the check that it
 * is unchanged) starts from the log.
 */
export function sortCustomerHistory(
  rows: CustomerRows,
  log: EntryTable,
  records: EntryTable,
  ids: EntryIds,
  closedMonths: readonly BillingMonth[],
  month: BillingMonth,
  keep: (row: number) => boolean = () => true,
): CustomerHistory {
  const sorted: CustomerHistory = { monthEntries: [], lateEntries: [], alreadyBilled: 0, earlier: 0, later: 0, alteredAfterBilling: [], rowOf: new Map(), history: [] };
  const customer = rows.log.length > 0 ? log.customerOf(rows.log[0]!) : null;
  for (const row of rows.log) {
    if (!keep(row)) continue;
    const entry = log.entry(row);
    const record = ids.billedAs[row]!;
    if (record >= 0) {
      sorted.alreadyBilled++;
      const billed = records.entry(record);
      sorted.history.push(billed);
      const changes = changedFields(billed, entry);
      if (changes.length > 0) sorted.alteredAfterBilling.push({ entry, billedIn: closedMonths[records.month[record]!]!, changes });
      continue;
    }
    sorted.history.push(entry);
    const entryMonth = monthOfDate(entry.date);
    if (entryMonth === month) {
      sorted.monthEntries.push(entry);
      sorted.rowOf.set(entry, row);
    } else if (entryMonth > month) sorted.later++;
    else if (closedMonths.includes(entryMonth)) {
      sorted.lateEntries.push(entry);
      sorted.rowOf.set(entry, row);
    } else sorted.earlier++;
  }
  // A record the customer's log rows do not have still counts for the customer's sessions and causes: those
  // of the billing month's year (R6 numbers the year's sessions), and those of earlier years whose case is
  // still worked on (where a session started, R6; a case's cause, R2). Older cases no longer change a bill,
  // so years of history do not make a month slower to bill.
  const year = month.slice(0, 4);
  const inYear = (record: number) => records.dateOf(record).startsWith(year);
  // Cases by number within each table (a case has several rows), as text only to compare across the two.
  const logCases = new Set<number>();
  for (const row of rows.log) logCases.add(log.case[row]!);
  const recordCases = new Set<number>();
  for (const record of rows.records) if (inYear(record)) recordCases.add(records.case[record]!);
  const liveCases = new Set<string>();
  for (const n of logCases) if (n !== NONE) liveCases.add(log.cases.text(n));
  for (const n of recordCases) if (n !== NONE) liveCases.add(records.cases.text(n));
  // An entry without a case id is a case of its own: only its year keeps it.
  const live = (n: number) => n !== NONE && (recordCases.has(n) || liveCases.has(records.cases.text(n)));
  for (const record of rows.records) {
    const row = ids.inLog[record]!;
    if (row >= 0 && log.customerOf(row) === customer && keep(row)) continue;
    if (inYear(record) || live(records.case[record]!)) sorted.history.push(records.entry(record));
  }
  sorted.alteredAfterBilling.sort((a, b) => (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  return sorted;
}

/** How the entries a closed month billed differ from the entries a new run would bill for it. */
export interface EntryChanges {
  added: Entry[];
  removed: Entry[];
  altered: { before: Entry; after: Entry; changes: FieldChange[] }[];
}

export function compareEntrySets(before: readonly Entry[], after: readonly Entry[]): EntryChanges {
  const old = new Map(before.map((e) => [e.id, e]));
  const now = new Set(after.map((e) => e.id));
  const changes: EntryChanges = { added: [], removed: before.filter((e) => !now.has(e.id)), altered: [] };
  for (const entry of after) {
    const previous = old.get(entry.id);
    if (!previous) changes.added.push(entry);
    else {
      const fields = changedFields(previous, entry);
      if (fields.length > 0) changes.altered.push({ before: previous, after: entry, changes: fields });
    }
  }
  return changes;
}
