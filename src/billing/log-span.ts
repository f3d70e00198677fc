import type { EntryTable } from './entry-table.js';
import { lastDayOfMonth, monthOfDate } from './month.js';
import type { BillingMonth, IsoDate } from './types.js';

/*
 * Which days the work logs cover (issue 13). A month billed from an export that was not refreshed, or with a
 * mistyped --month, would otherwise be closed with its package fees only, and its real work could then come
 * only as late entries. The span tells the clerk what the logs do hold.
 */

/** The first and last entry date of the logs, and the newest entry date of each month they have entries in. */
export interface LogSpan {
  first: IsoDate | null;
  last: IsoDate | null;
  newestOf: Map<BillingMonth, IsoDate>;
}

export function emptyLogSpan(): LogSpan {
  return { first: null, last: null, newestOf: new Map() };
}

/** Count one entry's date into the span. */
export function addToLogSpan(span: LogSpan, date: IsoDate): void {
  if (span.first === null || date < span.first) span.first = date;
  if (span.last === null || date > span.last) span.last = date;
  const month = monthOfDate(date);
  const newest = span.newestOf.get(month);
  if (newest === undefined || date > newest) span.newestOf.set(month, date);
}

/** An export whose newest entry of the month is more than this many days before the month's last day may be incomplete. */
const STALE_EXPORT_DAYS = 3;

/**
 * How many days the month's newest entry is before the month's last day, when that is more than
 * `STALE_EXPORT_DAYS` (the export may have been taken before the month was over), else null.
 */
export function daysMissingAtMonthEnd(newest: IsoDate, month: BillingMonth): number | null {
  const missing = Number(lastDayOfMonth(month).slice(8, 10)) - Number(newest.slice(8, 10));
  return missing > STALE_EXPORT_DAYS ? missing : null;
}

/** The days a log's entries cover. */
export function logSpanOf(log: EntryTable): LogSpan {
  const span = emptyLogSpan();
  for (const date of log.datesInUse()) addToLogSpan(span, date);
  return span;
}
