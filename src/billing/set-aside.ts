import { compareText } from './compare.js';
import type { Issue, IssueCode } from './issue.js';
import type { Entry, Source } from './types.js';

/*
 * `--reject-invalid` (issue 3, R14): work-log rows that cannot be billed as written are set aside, with their
 * reasons, instead of stopping the run; everything else is billed. Only problems confined to one row qualify:
 * a file that cannot be read, a header without a needed column, or a problem in the customer, top-up or config
 * files still stops the run, since setting those aside would change other rows' bills.
 */

/** Problems that concern one work-log row alone. */
export const ROW_PROBLEMS: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'field-count', 'missing-value', 'bad-date', 'bad-time', 'nonexistent-time', 'bad-minutes', 'missing-duration',
  'end-before-start', 'duration-mismatch', 'bad-role', 'bad-cause', 'bad-billable',
]);

/** Problems of a valid row found while billing. Every row of a duplicated id is set aside: which one is right is the clerk's call. */
export const ENTRY_PROBLEMS: ReadonlySet<IssueCode> = new Set<IssueCode>(['duplicate-entry', 'unknown-customer', 'no-tier-in-force']);

/** A row set aside: where it is, why, and what it says (as written, or as read when it was a valid entry). */
export interface SetAsideRow {
  source: Source;
  problems: string[];
  written: Record<string, string> | null;
  /** The row split into fields, when they could not be matched to columns (a wrong field count). */
  fields: string[] | null;
  entry: Entry | null;
}

/** Whether an issue is one `--reject-invalid` may set a row aside for. */
export function isRowProblem(issue: Issue, workLogFiles: ReadonlySet<string>): boolean {
  const file = issue.source?.file;
  return file !== undefined && workLogFiles.has(file) && (ROW_PROBLEMS.has(issue.code) || (ENTRY_PROBLEMS.has(issue.code) && issue.entryId !== undefined));
}

/**
 * The entries a billing pass found row problems in: all rows of a duplicated id, and each entry whose own row
 * is named. Returns the entries to bill and those set aside, each with its problems.
 */
export function setAsideEntries(entries: readonly Entry[], issues: readonly Issue[]): { kept: Entry[]; setAside: SetAsideRow[] } {
  const duplicated = new Set<string>();
  const byRow = new Map<string, string[]>();
  const rowKey = (s: Source) => `${s.file}\u0000${s.line}`;
  for (const issue of issues) {
    if (!ENTRY_PROBLEMS.has(issue.code) || issue.entryId === undefined || !issue.source) continue;
    if (issue.code === 'duplicate-entry') duplicated.add(issue.entryId);
    byRow.set(rowKey(issue.source), [...(byRow.get(rowKey(issue.source)) ?? []), issue.message]);
  }
  const kept: Entry[] = [];
  const setAside: SetAsideRow[] = [];
  for (const entry of entries) {
    const problems = byRow.get(rowKey(entry.source)) ?? [];
    if (duplicated.has(entry.id) && problems.length === 0) problems.push(`entry id "${entry.id}" is used by more than one row; all of them are set aside`);
    if (problems.length === 0) kept.push(entry);
    else setAside.push({ source: { file: entry.source.file, line: entry.source.line }, problems, written: null, fields: null, entry });
  }
  return { kept, setAside };
}

/** Rows set aside in file and line order (files in the order given). */
export function sortSetAside(rows: readonly SetAsideRow[], fileOrder: readonly string[]): SetAsideRow[] {
  const rank = new Map(fileOrder.map((f, i) => [f, i]));
  return [...rows].sort((a, b) => (rank.get(a.source.file) ?? 0) - (rank.get(b.source.file) ?? 0) || a.source.line - b.source.line || compareText(a.problems[0] ?? '', b.problems[0] ?? ''));
}

/**
 * The rows the reader could not read, each with its problems (`column: message`). A problem whose row the
 * reader did not hand over is returned as `unmatched`, to stop the run rather than drop anything silently.
 */
export function setAsideRows(
  invalidRows: readonly { file: string; row: { line: number; values: Record<string, string>; fields: string[] | null } }[],
  rowIssues: readonly Issue[],
): { setAside: SetAsideRow[]; unmatched: Issue[] } {
  const problems = new Map<string, string[]>();
  const key = (file: string, line: number) => `${file}\u0000${line}`;
  for (const issue of rowIssues) {
    const k = key(issue.source!.file, issue.source!.line);
    problems.set(k, [...(problems.get(k) ?? []), issue.source?.column ? `${issue.source.column}: ${issue.message}` : issue.message]);
  }
  const seen = new Set<string>();
  const setAside = invalidRows.map(({ file, row }) => {
    const k = key(file, row.line);
    seen.add(k);
    return { source: { file, line: row.line }, problems: problems.get(k) ?? [], written: row.values, fields: row.fields, entry: null };
  });
  return { setAside, unmatched: rowIssues.filter((i) => !seen.has(key(i.source!.file, i.source!.line))) };
}
