import type { Entry } from '../billing/types.js';
import type { Statement } from '../billing/statement.js';
import { csvRowChunks, DEFAULT_CSV_DIALECT } from './csv-dialect.js';

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

/** The rows of `entries.csv` for these statements, without the header. */
export function entriesRecordRows(statements: readonly Statement[]): Iterable<string> {
  return csvRowChunks(RECORD_COLUMNS, recordRows(statements), DEFAULT_CSV_DIALECT);
}

function* recordRows(statements: readonly Statement[]): Generator<ReturnType<typeof recordRow>> {
  for (const s of statements) for (const line of s.lines) yield recordRow(line.entry);
}
