import type { Checked, Issue, IssueCode } from '../billing/issue.js';
import type { Source } from '../billing/types.js';
import { readRow, type RowOf, type RowSchema } from './fields.js';
import { parseCsvTable, type ColumnSpec, type CsvTableOptions } from './read-csv.js';
import type { ByteSource } from './byte-source.js';

/**
 * Read a small CSV file's rows (customers, top-ups, decisions) through a row schema. Each problem becomes an
 * issue with file, line, column and value; `codeFor` names the issue code per column (empty required values
 * are `missing-value`). Rows with problems are left out of the result, and their issues say why. Work logs
 * have a reader of their own that codes each distinct value once (`read-work-log.ts`).
 */
export function readRows<S extends RowSchema>(
  bytes: Uint8Array | ByteSource,
  file: string,
  columns: readonly ColumnSpec[],
  schema: S,
  codeFor: Record<string, IssueCode>,
  options: CsvTableOptions = {},
): Checked<{ rows: ReadRow<S>[]; columns: Set<string> }> {
  const issues: Issue[] = [];
  const rows: ReadRow<S>[] = [];
  const required = new Set(columns.filter((c) => c.required).map((c) => c.name));
  const table = parseCsvTable(bytes, file, columns, options, (row) => {
    const read = readRow(schema, row.values);
    if (read.ok) {
      rows.push({ value: read.row, source: { file, line: row.line } });
      return;
    }
    options.onInvalidRow?.({ line: row.line, values: row.values, fields: null });
    for (const { column, message } of read.problems) {
      const value = row.values[column] ?? '';
      issues.push({
        code: value === '' && required.has(column) ? 'missing-value' : (codeFor[column] ?? 'missing-value'),
        message,
        source: { file, line: row.line, column },
        value,
      });
    }
  });
  // A syntax error anywhere in the file: nothing of it counts, whatever was read before the error.
  if (table.issues.some((issue) => issue.code === 'csv-syntax')) return { value: { rows: [], columns: table.value.columns }, issues: table.issues };
  return { value: { rows, columns: table.value.columns }, issues: [...table.issues, ...issues] };
}

/** A row read through its schema, with where it came from. */
export interface ReadRow<S extends RowSchema> {
  value: RowOf<S>;
  source: Source;
}
