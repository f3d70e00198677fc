import type { SetAsideRow } from '../billing/set-aside.js';
import { tableCsv, type CsvDialect } from './csv-dialect.js';
import { RECORD_COLUMNS, recordRow } from './record.js';

export const REJECTED_FILE = 'rejected.csv';

/**
 * `rejected.csv` columns: where the row is and why it was set aside, then the work-log columns as the row
 * wrote them, so the clerk can fix the row and bill it with a later run (it will count as late if its month is
 * closed by then). `fields` holds the row as split when its fields do not match the header's.
 */
export const REJECTED_COLUMNS = ['file', 'line', 'problem', ...RECORD_COLUMNS, 'fields'] as const;

export function renderRejectedCsv(rows: readonly SetAsideRow[], dialect: CsvDialect): string {
  return tableCsv(
    REJECTED_COLUMNS,
    rows.map((row) => {
      const values: Record<string, string | number> = row.entry ? recordRow(row.entry) : (row.written ?? {});
      return {
        file: row.source.file,
        line: row.source.line,
        problem: row.problems.join('; '),
        ...Object.fromEntries(RECORD_COLUMNS.map((c) => [c, values[c] ?? ''])),
        fields: row.fields === null ? '' : row.fields.join(' | '),
      } as Record<(typeof REJECTED_COLUMNS)[number], string | number>;
    }),
    dialect,
  );
}
