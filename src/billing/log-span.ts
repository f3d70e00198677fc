import { lastDayOfMonth, monthOfDate } from './month.js';
import type { BillingMonth, IsoDate } from './types.js';

/*
 * Which days the work logs cover (issue 13). A month billed from an export that was not refreshed, or with a
 * mistyped --month, would otherwise be closed with its package fees only, and its real work could then come
 * only as late entries. The span tells the clerk what the logs do hold.
 */

/** The first and last entry date of the logs, and per month how many entries are dated in it and the newest. */
export interface LogSpan {
  first: IsoDate | null;
  last: IsoDate | null;
  months: Map<BillingMonth, { entries: number; newest: IsoDate }>;
}

export function emptyLogSpan(): LogSpan {
  return { first: null, last: null, months: new Map() };
}

/** Count one entry's date into the span. */
export function addToLogSpan(span: LogSpan, date: IsoDate): void {
  if (span.first === null || date < span.first) span.first = date;
  if (span.last === null || date > span.last) span.last = date;
  const month = monthOfDate(date);
  const seen = span.months.get(month);
  if (seen === undefined) span.months.set(month, { entries: 1, newest: date });
  else {
    seen.entries++;
    if (date > seen.newest) seen.newest = date;
  }
}

/** An export whose newest entry of the month is more than this many days before the month's last day may be incomplete. */
export const STALE_EXPORT_DAYS = 3;

/**
 * How many days the month's newest entry is before the month's last day, when that is more than
 * `STALE_EXPORT_DAYS` (the export may have been taken before the month was over), else null.
 */
export function daysMissingAtMonthEnd(newest: IsoDate, month: BillingMonth): number | null {
  const missing = Number(lastDayOfMonth(month).slice(8, 10)) - Number(newest.slice(8, 10));
  return missing > STALE_EXPORT_DAYS ? missing : null;
}
