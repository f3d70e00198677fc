import type { Source } from './types.js';

/**
 * Every problem a run can report, by code. Each code has an error fixture under `fixtures/errors/<code>/`
 * (a test checks that), and the README explains them for the clerk.
 *
 * `invalid` problems mean the input is wrong and must be fixed (exit 3); `unresolved` entries are valid
 * but the rules cannot classify them without a decision from the clerk (R1, R2; exit 4).
 */
export const ISSUE_CODES = {
  'file-unreadable': 'invalid',
  'bad-encoding': 'invalid',
  'csv-syntax': 'invalid',
  'empty-file': 'invalid',
  'missing-column': 'invalid',
  'duplicate-column': 'invalid',
  'field-count': 'invalid',
  'missing-value': 'invalid',
  'bad-date': 'invalid',
  'bad-time': 'invalid',
  'nonexistent-time': 'invalid',
  'bad-minutes': 'invalid',
  'missing-duration': 'invalid',
  'end-before-start': 'invalid',
  'duration-mismatch': 'invalid',
  'bad-role': 'invalid',
  'bad-cause': 'invalid',
  'bad-billable': 'invalid',
  'bad-language': 'invalid',
  'duplicate-entry': 'invalid',
  'unknown-customer': 'invalid',
  'unknown-tier': 'invalid',
  'duplicate-customer-row': 'invalid',
  'no-tier-in-force': 'invalid',
  'bad-month': 'invalid',
  'bad-blocks': 'invalid',
  'duplicate-topup': 'invalid',
  'topup-not-allowed': 'invalid',
  'bad-config': 'invalid',
  'bad-decision': 'invalid',
  'unresolved-activity': 'unresolved',
  'unresolved-role': 'unresolved',
  'unresolved-cause': 'unresolved',
  'conflicting-cause': 'unresolved',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
export type IssueKind = (typeof ISSUE_CODES)[IssueCode];

/** A problem found in the input, as data: where it is, what is wrong, and the value as written. */
export interface Issue {
  code: IssueCode;
  message: string;
  source?: Source;
  /** The offending value as the user wrote it, when there is one. */
  value?: string;
  /** The entry the problem is about (unresolved entries are listed by id). */
  entryId?: string;
}

export function issueKind(issue: Issue): IssueKind {
  return ISSUE_CODES[issue.code];
}

/** The result of a pass: a value and the problems met on the way (beancount's `(entries, errors)`). */
export interface Checked<T> {
  value: T;
  issues: Issue[];
}

/** Issues by file, then line; problems of one line keep their order (the columns'), as the sort is stable. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort((a, b) => {
    const fileA = a.source?.file ?? '';
    const fileB = b.source?.file ?? '';
    if (fileA !== fileB) return fileA < fileB ? -1 : 1;
    const lineA = a.source?.line ?? 0;
    const lineB = b.source?.line ?? 0;
    return lineA - lineB;
  });
}
