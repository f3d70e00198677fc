import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/billing/issue.js';
import { isRowProblem, setAsideEntries, setAsideRows } from '../../src/billing/set-aside.js';
import { entry } from '../helpers/build.js';

// Issue 3 --reject-invalid (R14): which rows are set aside, and that none is lost on the way.

const at = (line: number, code: Issue['code'], extra: Partial<Issue> = {}): Issue => ({ code, message: `${code} here`, source: { file: 'log.csv', line, column: 'x' }, ...extra });

describe('setting invalid rows aside', () => {
  it('sets aside every row of a duplicated id, and an unknown customer\u2019s row alone', () => {
    const entries = [1, 2, 3, 4].map((line) => entry({ id: line === 3 ? 'E1' : `E${line}`, source: { file: 'log.csv', line } }));
    const issues = [at(3, 'duplicate-entry', { entryId: 'E1' }), at(4, 'unknown-customer', { entryId: 'E4' }), at(2, 'unresolved-activity', { entryId: 'E2' })];
    const { kept, setAside } = setAsideEntries(entries, issues);
    expect(kept.map((e) => e.source.line)).toEqual([2]);
    expect(setAside.map((r) => [r.source.line, r.problems.length])).toEqual([[1, 1], [3, 1], [4, 1]]);
    expect(kept.length + setAside.length).toBe(entries.length);
  });

  it('only takes problems of one work-log row, never of the customer file or the header', () => {
    const logs = new Set(['log.csv']);
    expect(isRowProblem(at(5, 'bad-date'), logs)).toBe(true);
    expect(isRowProblem({ ...at(5, 'bad-date'), source: { file: 'customers.csv', line: 5 } }, logs)).toBe(false);
    expect(isRowProblem(at(1, 'missing-column'), logs)).toBe(false);
    expect(isRowProblem(at(5, 'unknown-customer'), logs)).toBe(false); // no entry named: not a row of the log
    expect(isRowProblem(at(5, 'unknown-customer', { entryId: 'E5' }), logs)).toBe(true);
  });

  it('pairs each unreadable row with its problems, and hands back a problem without a row rather than drop it', () => {
    const rows = [{ file: 'log.csv', row: { line: 3, values: { id: 'E3' }, fields: null } }];
    const { setAside, unmatched } = setAsideRows(rows, [at(3, 'bad-date'), at(3, 'bad-minutes'), at(9, 'bad-role')]);
    expect(setAside).toEqual([{ source: { file: 'log.csv', line: 3 }, problems: ['x: bad-date here', 'x: bad-minutes here'], written: { id: 'E3' }, fields: null, entry: null }]);
    expect(unmatched.map((i) => i.source?.line)).toEqual([9]);
  });
});
