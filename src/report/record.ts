import type { MonthBill } from '../billing/bill-month.js';
import type { Entry } from '../billing/types.js';
import { DEFAULT_CSV_DIALECT, tableCsvChunks } from './csv-dialect.js';

/**
 * `entries.csv`: the record of what a closed month billed, every entry on its statements (late ones included)
 * exactly as read. It has the canonical work-log columns, so it reads back through the work-log reader, and
 * it is always written in the default dialect because later runs read it, not people.
 */
export const RECORD_COLUMNS = [
  'id', 'case', 'customer', 'date', 'start', 'end', 'minutes', 'technician', 'role', 'activity', 'cause', 'billable', 'description',
] as const;

export const RECORD_FILE = 'entries.csv';

/** An entry as a row of the work-log columns. */
export function recordRow(e: Entry): Record<(typeof RECORD_COLUMNS)[number], string | number> {
  return {
    id: e.id,
    case: e.caseId ?? '',
    customer: e.customer,
    date: e.date,
    start: e.start ?? '',
    end: e.end ?? '',
    minutes: e.minutes,
    technician: e.technician,
    role: e.role ?? '',
    activity: e.activity ?? '',
    cause: e.cause ?? '',
    billable: e.billable === null ? '' : e.billable ? 'yes' : 'no',
    description: e.description,
  };
}

/** `entries.csv`, in pieces (a row per entry billed). */
export function renderEntriesRecord(bill: MonthBill): Iterable<string> {
  return tableCsvChunks(RECORD_COLUMNS, (function* () {
    for (const s of bill.statements) for (const line of s.lines) yield recordRow(line.entry);
  })(), DEFAULT_CSV_DIALECT);
}
