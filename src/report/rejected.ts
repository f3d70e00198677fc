import type { SetAsideRow } from '../billing/set-aside.js';
import { tableCsv, type CsvDialect } from '../formats/csv-dialect.js';
import type { Entry } from '../billing/types.js';
import { LOG_COLUMNS } from '../formats/work-log.js';

export const REJECTED_FILE = 'rejected.csv';

/**
 * `rejected.csv` columns: where the row is and why it was set aside, then the work-log columns as the row
 * wrote them, so the clerk can fix the row and bill it with a later run (it will count as late if its month is
 * closed by then). `fields` holds the row as split when its fields do not match the header's.
 */
export const REJECTED_COLUMNS = ['file', 'line', 'problem', ...LOG_COLUMNS, 'fields'] as const;

export function renderRejectedCsv(rows: readonly SetAsideRow[], dialect: CsvDialect): string {
  return tableCsv(
    REJECTED_COLUMNS,
    rows.map((row) => {
      const values: Record<string, string | number> = row.entry ? recordRow(row.entry) : (row.written ?? {});
      return {
        file: row.source.file,
        line: row.source.line,
        problem: row.problems.join('; '),
        ...Object.fromEntries(LOG_COLUMNS.map((c) => [c, values[c] ?? ''])),
        fields: row.fields === null ? '' : row.fields.join(' | '),
      } as Record<(typeof REJECTED_COLUMNS)[number], string | number>;
    }),
    dialect,
  );
}

/** An entry as a row of the work-log columns, as read. */
function recordRow(e: Entry): Record<(typeof LOG_COLUMNS)[number], string | number> {
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
