import type { Checked, Issue, IssueCode } from '../billing/issue.js';
import type { Source } from '../billing/types.js';
import { readRow, type RowOf, type RowSchema } from './fields.js';
import { parseCsvTable, type ColumnSpec, type CsvTableOptions } from './read-csv.js';
import type { ByteSource } from './byte-source.js';

/**
 * Read a CSV file's rows through a row schema. Each problem becomes an issue with file, line, column and value;
 * `codeFor` names the issue code per column (empty required values are `missing-value`). Rows with problems
 * are left out of the result, and their issues say why. `convert` rewrites each row's values before they are
 * read, and says which it could not.
 */
export function readRows<S extends RowSchema>(
  bytes: Uint8Array | ByteSource,
  file: string,
  columns: readonly ColumnSpec[],
  schema: S,
  codeFor: Record<string, IssueCode>,
  options: CsvTableOptions = {},
  how: {
    convert?: (values: Record<string, string>) => { column: string; message: string }[];
    /** Take each good row as it is read instead of collecting them (a large log). */
    each?: (row: ReadRow<S>, columns: ReadonlySet<string>) => void;
  } = {},
): Checked<{ rows: ReadRow<S>[]; columns: Set<string> }> {
  const issues: Issue[] = [];
  const rows: ReadRow<S>[] = [];
  const take = how.each ?? ((row: ReadRow<S>) => void rows.push(row));
  const required = new Set(columns.filter((c) => c.required).map((c) => c.name));
  const table = parseCsvTable(bytes, file, columns, options, (row, found) => {
    // Another tool's export: its values become our text forms first (a format's own problems come first, and
    // a column it could not convert is not checked again).
    const converted = how.convert?.(row.values) ?? [];
    const read = readRow(schema, row.values);
    if (read.ok && converted.length === 0) {
      take({ value: read.row, source: { file, line: row.line }, raw: row.values }, found);
      return;
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
  });
  // A syntax error anywhere in the file: nothing of it counts, whatever was read before the error.
  if (table.issues.some((issue) => issue.code === 'csv-syntax')) return { value: { rows: [], columns: table.value.columns }, issues: table.issues };
  return { value: { rows, columns: table.value.columns }, issues: [...table.issues, ...issues] };
}

/** A row read through its schema, with where it came from and its values as written. */
export interface ReadRow<S extends RowSchema> {
  value: RowOf<S>;
  source: Source;
  raw: Record<string, string>;
}
