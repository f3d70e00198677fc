import type { BillingMonth, IsoDate } from './types.js';

/** The billing month an entry belongs to: the month of its date (R1 terms). */
export function monthOfDate(date: IsoDate): BillingMonth {
  return date.slice(0, 7);
}

export function yearOfMonth(month: BillingMonth): string {
  return month.slice(0, 4);
}

export function firstDayOfMonth(month: BillingMonth): IsoDate {
  return `${month}-01`;
}

/** The last day of a month; `YYYY-MM-31` also works as an upper bound for string comparison. */
export function monthEndBound(month: BillingMonth): IsoDate {
  return `${month}-31`;
}

export function isBillingMonth(text: string): boolean {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return false;
  const monthNumber = Number(match[2]);
  return monthNumber >= 1 && monthNumber <= 12;
}

/** The last calendar day of a month (leap years included), e.g. `2024-02-29`. */
export function lastDayOfMonth(month: BillingMonth): IsoDate {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][monthNumber - 1] ?? 31;
  return `${month}-${String(days)}`;
}

/** The month `delta` months after (or, when negative, before) `month`. */
export function shiftMonth(month: BillingMonth, delta: number): BillingMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * What the clerk or cron job may write for `--month`: `YYYY-MM`, `current` or `previous`, the words read
 * against today's date in Prague (given, never read here). null when it is none of these.
 */
export function resolveMonthWord(text: string, todayInPrague: IsoDate): BillingMonth | null {
  if (text === 'current') return monthOfDate(todayInPrague);
  if (text === 'previous') return shiftMonth(monthOfDate(todayInPrague), -1);
  return isBillingMonth(text) ? text : null;
}
