import type { MonthBill } from '../billing/bill-month.js';
import type { EntryChanges, FieldChange } from '../billing/billed-once.js';
import type { Entry, Haler } from '../billing/types.js';
import { formatCzk } from './format.js';
import { fieldOnScreen } from './visible.js';

// Plain-language messages about closed months, for stderr and for the manifest's notes.

function describeEntry(e: Entry): string {
  return `${fieldOnScreen(e.id)} (${e.date}, ${fieldOnScreen(e.customer)}, ${e.minutes} min)`;
}

function describeValue(value: FieldChange['before']): string {
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // Shown on stderr and in the manifest's notes, which people read: the data itself stays whole in the CSV files.
  return typeof value === 'string' ? `"${fieldOnScreen(value)}"` : String(value);
}

function describeChanges(changes: readonly FieldChange[]): string {
  return changes.map((c) => `${c.field} ${describeValue(c.before)} → ${describeValue(c.after)}`).join(', ');
}

/** One note per late entry and per entry edited after its month was billed. */
export function closedMonthNotes(bill: MonthBill): string[] {
  const notes: string[] = [];
  for (const entry of bill.lateEntries) {
    notes.push(`late entry ${describeEntry(entry)}: ${entry.date.slice(0, 7)} was billed without it, so ${bill.month} bills it`);
  }
  for (const altered of bill.alteredAfterBilling) {
    notes.push(
      `entry ${fieldOnScreen(altered.entry.id)} was edited after ${altered.billedIn} billed it (${describeChanges(altered.changes)}); ` +
        `not billed again — reissue ${altered.billedIn} to bill the new version`,
    );
  }
  return notes;
}

/** Show at most `limit` notes, then how many more there are. */
export function limitNotes(notes: readonly string[], limit: number): string[] {
  return notes.length <= limit ? [...notes] : [...notes.slice(0, limit), `… and ${notes.length - limit} more`];
}

export interface ClosedMonthDifference {
  month: string;
  version: number;
  createdAt: string;
  entries: EntryChanges;
  totalBefore: Haler;
  totalAfter: Haler;
  priceListChanged: boolean;
}

/** Why a closed month is not billed again: what this run would change, and what the clerk can do. */
export function renderClosedMonthRefusal(d: ClosedMonthDifference, limit = 20): string {
  const lines = [`${d.month} is already billed (version ${d.version}, written ${d.createdAt}) and this run would bill it differently:`];
  const list = (title: string, items: string[]) => {
    if (items.length > 0) lines.push(`  ${title} (${items.length}):`, ...limitNotes(items, limit).map((item) => `    ${item}`));
  };
  list('entries added', d.entries.added.map(describeEntry));
  list('entries removed', d.entries.removed.map(describeEntry));
  list('entries altered', d.entries.altered.map((a) => `${fieldOnScreen(a.after.id)}: ${describeChanges(a.changes)}`));
  if (d.priceListChanged) lines.push('  the price list (config) is different');
  const entriesSame = d.entries.added.length + d.entries.removed.length + d.entries.altered.length === 0;
  if (entriesSame && !d.priceListChanged) lines.push('  the entries are the same; the customer tiers or top-ups are different');
  if (d.totalBefore !== d.totalAfter) lines.push(`  month total ${formatCzk(d.totalBefore)} → ${formatCzk(d.totalAfter)}`);
  lines.push(
    'Nothing was written. A closed month is final: entries added to it later are billed as late entries by the next',
    `month's run. To replace ${d.month} (the current version is kept), run again with --reissue "<reason>".`,
  );
  return `${lines.join('\n')}\n`;
}
