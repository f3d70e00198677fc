import { caseKeyOf } from './cases.js';
import type { ClassifiedEntry } from './classify.js';
import { compareChronologically } from './compare.js';
import { monthEndBound, monthOfDate, yearOfMonth } from './month.js';
import { catalogueItem, type PriceList } from './price-list.js';
import { rowInForce, type CustomerBook } from './tiers.js';
import type { BillingMonth, Entry, Minutes } from './types.js';

/** One development-consultation session of the billing month, as the statement lists it (R6, R11). */
export interface SessionUse {
  caseId: string | null;
  /** Position among the sessions the customer started in the calendar year. */
  ordinal: number;
  /** How many sessions a year are free ("session 2 of 4"). */
  perYear: number;
  startedOn: string;
  /** Free minutes the session is entitled to (0 beyond the yearly count). */
  allowanceMinutes: Minutes;
  freeMinutes: Minutes;
  paidMinutes: Minutes;
}

interface SessionStart {
  /** The session's first entry, in whatever month or year it lies. */
  first: Entry;
  /** Position among the sessions of the billing month's year; null when it does not count (R6). */
  ordinal: number | null;
}

/**
 * R6: decide which development-consultation minutes of the billing month are free.
 *
 * Every development-consultation case of a customer is one session, dated by its first entry (any month of
 * the input, so earlier months of the year are counted though not billed). Sessions count towards the yearly
 * allowance only if the customer's tier allowed sessions in the month the session started. The first
 * `perYear` sessions of a year get `freeMinutes` free within their first month, taken by entries in
 * chronological order; everything else is PAID at the entry's role.
 *
 * `lines` are the classified entries of the billing month; only SESSION lines change.
 */
export function applySessionAllowance(
  lines: readonly ClassifiedEntry[],
  allEntries: readonly Entry[],
  customers: CustomerBook,
  month: BillingMonth,
  priceList: PriceList,
): { lines: ClassifiedEntry[]; sessions: Map<string, SessionUse[]>; startedThisYear: Map<string, number> } {
  const rules = priceList.sessions;
  const starts = findSessionStarts(allEntries, customers, month, priceList);
  const freeLeft = new Map<string, Minutes>();
  const uses = new Map<string, SessionUse>();

  const sessionLines = lines.filter((l) => l.class === 'SESSION').sort((a, b) => compareChronologically(a.entry, b.entry));
  const lineIds = new Set(lines.map((l) => l.entry.id));
  let billedBefore: Map<string, Minutes> | null = null; // built on first need: most months have no late session entries
  const decided = new Map<ClassifiedEntry, ClassifiedEntry>();

  for (const current of sessionLines) {
    const entry = current.entry;
    const key = caseKeyOf(entry);
    const row = rowInForce(customers.get(entry.customer) ?? [], month);
    const start = starts.get(key);
    if (!row || !rules.tiers.includes(row.tier)) {
      decided.set(current, paid(current, null, `development consultation is paid on tier ${row?.tier ?? '?'}`));
      continue;
    }
    // A session's free minutes are for its minutes in the month it started (R6): normally the billing month;
    // for a late entry, the closed month it is dated in.
    if (!start || start.ordinal === null || monthOfDate(start.first.date) !== monthOfDate(entry.date)) {
      const startedOn = start?.first.date ?? entry.date;
      const ref = start?.ordinal ? { ordinal: start.ordinal, startedOn } : null;
      decided.set(current, paid(current, ref, `session started ${startedOn}; its free minutes belonged to that month`));
      continue;
    }
    const ref = { ordinal: start.ordinal, startedOn: start.first.date };
    const use = uses.get(key) ?? {
      caseId: entry.caseId,
      ordinal: start.ordinal,
      perYear: rules.perYear,
      startedOn: start.first.date,
      allowanceMinutes: start.ordinal <= rules.perYear ? rules.freeMinutes : 0,
      freeMinutes: 0,
      paidMinutes: 0,
    };
    uses.set(key, use);
    if (start.ordinal > rules.perYear) {
      use.paidMinutes += entry.minutes;
      decided.set(current, paid(current, ref, `session ${start.ordinal} of the year, beyond the ${rules.perYear} included`));
      continue;
    }
    billedBefore ??= minutesBilledBefore(allEntries, lineIds);
    const left = freeLeft.get(key) ?? Math.max(0, rules.freeMinutes - (billedBefore.get(`${key}\u0001${monthOfDate(start.first.date)}`) ?? 0));
    const free = Math.min(left, entry.minutes);
    freeLeft.set(key, left - free);
    use.freeMinutes += free;
    use.paidMinutes += entry.minutes - free;
    decided.set(current, {
      ...current,
      class: 'SESSION',
      freeMinutes: free,
      paidMinutes: entry.minutes - free,
      session: ref,
      note: `session ${start.ordinal} of ${rules.perYear}` + (free < entry.minutes ? `; ${entry.minutes - free} min over the ${rules.freeMinutes} free` : ''),
    });
  }

  const sessions = new Map<string, SessionUse[]>();
  for (const [key, use] of uses) {
    const customer = key.slice(0, key.indexOf('\u0000'));
    const list = sessions.get(customer) ?? [];
    list.push(use);
    sessions.set(customer, list);
  }
  for (const list of sessions.values()) list.sort((a, b) => a.ordinal - b.ordinal);

  const startedThisYear = new Map<string, number>();
  for (const start of starts.values()) {
    if (start.ordinal === null) continue;
    const customer = start.first.customer;
    startedThisYear.set(customer, Math.max(startedThisYear.get(customer) ?? 0, start.ordinal));
  }

  return { lines: lines.map((l) => decided.get(l) ?? l), sessions, startedThisYear };
}

/**
 * Every development-consultation case up to the end of the billing month with its first entry, numbered
 * among the customer's sessions of the billing month's year. Sessions of other years, and sessions started
 * in a month when the customer's tier had no sessions, get no number.
 */
function findSessionStarts(
  allEntries: readonly Entry[],
  customers: CustomerBook,
  month: BillingMonth,
  priceList: PriceList,
): Map<string, SessionStart> {
  const lastDay = monthEndBound(month);
  const starts = new Map<string, SessionStart>();
  for (const entry of allEntries) {
    if (entry.date > lastDay || entry.billable !== null) continue;
    if (catalogueItem(priceList, entry.activity)?.class !== 'SESSION') continue;
    const key = caseKeyOf(entry);
    const known = starts.get(key);
    if (!known || compareChronologically(entry, known.first) < 0) starts.set(key, { first: entry, ordinal: null });
  }

  const year = yearOfMonth(month);
  const counted = new Map<string, SessionStart[]>();
  for (const start of starts.values()) {
    const startMonth = monthOfDate(start.first.date);
    if (yearOfMonth(startMonth) !== year) continue;
    const row = rowInForce(customers.get(start.first.customer) ?? [], startMonth);
    if (!row || !priceList.sessions.tiers.includes(row.tier)) continue;
    const list = counted.get(start.first.customer) ?? [];
    list.push(start);
    counted.set(start.first.customer, list);
  }
  for (const list of counted.values()) {
    list.sort((a, b) => compareChronologically(a.first, b.first));
    list.forEach((start, index) => {
      start.ordinal = index + 1;
    });
  }
  return starts;
}

/**
 * Minutes of each case and month that a closed month already billed (entries known but not billed now), by
 * case key and month: in a session's month they used the session's free minutes first. One pass over the
 * entries, so the cost does not grow with the number of sessions.
 */
function minutesBilledBefore(allEntries: readonly Entry[], billedNow: ReadonlySet<string>): Map<string, Minutes> {
  const minutes = new Map<string, Minutes>();
  for (const entry of allEntries) {
    if (billedNow.has(entry.id) || entry.billable !== null) continue;
    const key = `${caseKeyOf(entry)}\u0001${monthOfDate(entry.date)}`;
    minutes.set(key, (minutes.get(key) ?? 0) + entry.minutes);
  }
  return minutes;
}

function paid(current: ClassifiedEntry, session: ClassifiedEntry['session'], note: string): ClassifiedEntry {
  return { ...current, class: 'PAID', freeMinutes: 0, paidMinutes: current.entry.minutes, session, note };
}
