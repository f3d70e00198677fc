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

/** Month to date (R12): the entries dated up to and including `lastDay`. */
export function entriesUpTo<T extends { date: IsoDate }>(entries: readonly T[], lastDay: IsoDate): T[] {
  return entries.filter((entry) => entry.date <= lastDay);
}
