import type { z } from 'zod';
import type { Checked, Issue, IssueCode } from '../billing/issue.js';
import type { Source } from '../billing/types.js';
import { parseCsvTable, type ColumnSpec } from './read-csv.js';

/**
 * Read a CSV file's rows through a zod schema over its columns. Each problem becomes an issue with file,
 * line, column and value; `codeFor` names the issue code per column (empty required values are
 * `missing-value`). Rows with problems are left out of the result, and their issues say why.
 */
export function readRows<S extends z.ZodType<unknown, Record<string, string>>>(
  bytes: Uint8Array,
  file: string,
  columns: readonly ColumnSpec[],
  schema: S,
  codeFor: Record<string, IssueCode>,
): Checked<{ rows: { value: z.output<S>; source: Source }[]; columns: Set<string> }> {
  const table = parseCsvTable(bytes, file, columns);
  const issues: Issue[] = [...table.issues];
  const rows: { value: z.output<S>; source: Source }[] = [];
  for (const row of table.value.rows) {
    const parsed = schema.safeParse(row.values);
    if (parsed.success) {
      rows.push({ value: parsed.data, source: { file, line: row.line } });
      continue;
    }
    for (const problem of parsed.error.issues) {
      const column = String(problem.path[0] ?? '');
      const value = row.values[column] ?? '';
      const required = columns.find((c) => c.name === column)?.required ?? false;
      issues.push({
        code: value === '' && required ? 'missing-value' : (codeFor[column] ?? 'missing-value'),
        message: problem.message,
        source: { file, line: row.line, column },
        value,
      });
    }
  }
  return { value: { rows, columns: table.value.columns }, issues };
}
