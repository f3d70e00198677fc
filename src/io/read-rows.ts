import type { Checked, Issue, IssueCode } from '../billing/issue.js';
import type { Source } from '../billing/types.js';
import { readRow, type RowOf, type RowSchema } from './fields.js';
import { parseCsvTable, type ColumnSpec, type CsvTableOptions } from './read-csv.js';

/**
 * Read a CSV file's rows through a row schema. Each problem becomes an issue with file, line, column and value;
 * `codeFor` names the issue code per column (empty required values are `missing-value`). Rows with problems
 * are left out of the result, and their issues say why. `convert` rewrites each row's values before they are
 * read, and says which it could not.
 */
export function readRows<S extends RowSchema>(
  bytes: Uint8Array,
  file: string,
  columns: readonly ColumnSpec[],
  schema: S,
  codeFor: Record<string, IssueCode>,
  options: CsvTableOptions = {},
  convert?: (values: Record<string, string>) => { column: string; message: string }[],
): Checked<{ rows: { value: RowOf<S>; source: Source; raw: Record<string, string> }[]; columns: Set<string> }> {
  const table = parseCsvTable(bytes, file, columns, options);
  const issues: Issue[] = [...table.issues];
  const rows: { value: RowOf<S>; source: Source; raw: Record<string, string> }[] = [];
  const required = new Set(columns.filter((c) => c.required).map((c) => c.name));
  for (const row of table.value.rows) {
    // Another tool's export: its values become our text forms first (a format's own problems come first, and
    // a column it could not convert is not checked again).
    const converted = convert?.(row.values) ?? [];
    const read = readRow(schema, row.values);
    if (read.ok && converted.length === 0) {
      rows.push({ value: read.row, source: { file, line: row.line }, raw: row.values });
      continue;
    }
    options.onInvalidRow?.({ line: row.line, values: row.values, fields: null });
    const problems = read.ok ? [] : read.problems.filter((p) => !converted.some((c) => c.column === p.column));
    for (const { column, message } of [...converted, ...problems]) {
      const value = row.values[column] ?? '';
      issues.push({
        code: value === '' && required.has(column) ? 'missing-value' : (codeFor[column] ?? 'missing-value'),
        message,
        source: { file, line: row.line, column },
        value,
      });
    }
  }
  return { value: { rows, columns: table.value.columns }, issues };
}
