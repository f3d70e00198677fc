import { monthOfDate } from './month.js';
import type { BillingMonth, Entry } from './types.js';

/**
 * A month already billed and closed: the entries it billed, as recorded when it was written (its
 * `entries.csv`). A closed month is final; later runs read it to bill nothing twice (R14) and to count the
 * year's consultation sessions (R6).
 */
export interface ClosedMonth {
  month: BillingMonth;
  entries: readonly Entry[];
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

/** The log, sorted against the closed months for one billing month. */
export interface LogAgainstClosedMonths {
  /** Entries dated in the billing month that no closed month has billed. */
  monthEntries: Entry[];
  /** Entries dated in an earlier closed month that it did not bill: billed now, with their own date. */
  lateEntries: Entry[];
  /** Entries of the log some closed month already billed; never billed again (R14). */
  alreadyBilled: number;
  /** Entries neither billed nor late, dated before (`earlier`) or after (`later`) the billing month. */
  earlier: number;
  later: number;
  alteredAfterBilling: AlteredAfterBilling[];
  /**
   * Every entry known, for counting sessions (R6) and finding case causes (R2): the log, with the recorded
   * version of each entry a closed month billed (that is the version its bill used), plus recorded entries
   * the log no longer has.
   */
  history: Entry[];
}

/**
 * Sort the log against the closed months (R14: nothing billed twice, nothing lost). The billing month's own
 * record is ignored: billing it again (a reissue, or the check that it is unchanged) starts from the log.
 */
export function sortAgainstClosedMonths(log: readonly Entry[], closedMonths: readonly ClosedMonth[], month: BillingMonth): LogAgainstClosedMonths {
  const billedIn = new Map<string, { month: BillingMonth; entry: Entry }>();
  const closed = new Set<BillingMonth>();
  for (const record of closedMonths) {
    if (record.month === month) continue;
    closed.add(record.month);
    for (const entry of record.entries) billedIn.set(entry.id, { month: record.month, entry });
  }

  const monthEntries: Entry[] = [];
  const lateEntries: Entry[] = [];
  const alteredAfterBilling: AlteredAfterBilling[] = [];
  const history: Entry[] = [];
  let alreadyBilled = 0;
  let earlier = 0;
  let later = 0;
  const seen = new Set<string>();
  for (const entry of log) {
    seen.add(entry.id);
    const billed = billedIn.get(entry.id);
    if (billed) {
      alreadyBilled++;
      history.push(billed.entry);
      const changes = changedFields(billed.entry, entry);
      if (changes.length > 0) alteredAfterBilling.push({ entry, billedIn: billed.month, changes });
      continue;
    }
    history.push(entry);
    const entryMonth = monthOfDate(entry.date);
    if (entryMonth === month) monthEntries.push(entry);
    else if (entryMonth > month) later++;
    else if (closed.has(entryMonth)) lateEntries.push(entry);
    else earlier++;
  }
  for (const { entry } of billedIn.values()) if (!seen.has(entry.id)) history.push(entry);
  return { monthEntries, lateEntries, alreadyBilled, earlier, later, alteredAfterBilling, history };
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
