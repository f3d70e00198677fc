import type { Decision } from '../billing/decisions.js';
import { activityCode, type PriceList } from '../billing/price-list.js';
import type { Checked, Issue } from '../billing/issue.js';
import { readActivity, readBillable, readCause, readRequiredText, type RowSchema } from './fields.js';
import type { ColumnSpec, CsvTableOptions } from './read-csv.js';
import { readRows } from './read-rows.js';

/**
 * The review file (contract): `id,activity,cause,billable` come first; `ipex-bill review` adds columns that show
 * the clerk the entry (customer, date, description, …), which are read past. Czech names work as in the log.
 */
export const DECISION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', required: true, aliases: ['ID záznamu', 'Číslo'] },
  { name: 'activity', required: true, aliases: ['Činnost'] },
  { name: 'cause', required: true, aliases: ['Příčina'] },
  { name: 'billable', required: true, aliases: ['Účtovat'] },
];

const decisionRow = {
  id: readRequiredText,
  activity: readActivity,
  cause: readCause,
  billable: readBillable,
} satisfies RowSchema;

/**
 * Read the clerk's filled-in review file. A row with none of activity, cause and billable filled in is an entry
 * still waiting for a decision and is skipped (the run will list it again). An activity must be one of the
 * catalogue: a typo here is the clerk's, so it is an error rather than another unresolved entry.
 */
export function parseDecisions(bytes: Uint8Array, file: string, priceList: PriceList, options: CsvTableOptions = {}): Checked<Decision[]> {
  const read = readRows(bytes, file, DECISION_COLUMNS, decisionRow, { cause: 'bad-cause', billable: 'bad-billable' }, options);
  const issues: Issue[] = [...read.issues];
  const decisions: Decision[] = [];
  const firstLine = new Map<string, number>();
  for (const { value, source } of read.value.rows) {
    if (value.activity === null && value.cause === null && value.billable === null) continue;
    // R1: the catalogue's code, or an activity's name or short form as in the work log.
    const activity = value.activity === null ? null : activityCode(priceList, value.activity);
    if (value.activity !== null && activity === null) {
      const known = Object.keys(priceList.catalogue).sort().join(', ');
      issues.push({ code: 'bad-decision', message: `"${value.activity}" is not an activity of the catalogue (${known})`, source: { ...source, column: 'activity' }, value: value.activity });
      continue;
    }
    const earlier = firstLine.get(value.id);
    if (earlier !== undefined) {
      issues.push({ code: 'bad-decision', message: `entry ${value.id} is decided twice (also on line ${earlier}); keep one row per entry`, source: { ...source, column: 'id' }, value: value.id });
      continue;
    }
    firstLine.set(value.id, source.line);
    decisions.push({ entryId: value.id, activity, cause: value.cause, billable: value.billable, source });
  }
  return { value: decisions, issues };
}
