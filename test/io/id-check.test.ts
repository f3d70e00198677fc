import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateEntries } from '../../src/billing/duplicates.js';
import { sortIssues } from '../../src/billing/issue.js';
import { openIdCheck } from '../../src/io/id-check.js';
import { entry } from '../helpers/build.js';

// R14 over a log of any size (issue 6): a large log's ids are checked in buckets kept on disk. Equal ids share
// a bucket, so the issues must be exactly those of checking every id in memory.

describe('duplicate ids in buckets', () => {
  it('finds the same duplicates, with the same first rows, as the check in memory, leaving out files with a syntax error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('E1', 'E2', 'e1', 'E10', 'Ž', 'a\nb', '"x"'), fc.constantFrom('a.csv', 'b.csv', 'c.csv')), { maxLength: 40 }),
        fc.integer({ min: 2, max: 9 }),
        fc.subarray(['a.csv', 'b.csv', 'c.csv']),
        (rows, buckets, brokenList) => {
          const broken = new Set(brokenList);
          const entries = rows.map(([id, file], line) => entry({ id, source: { file, line: line + 2 } }));
          const small = openIdCheck(1);
          const onDisk = openIdCheck(buckets);
          for (const e of entries) {
            small.add(e);
            onDisk.add(e);
          }
          // A file with a syntax error counts for nothing, also the rows it gave before the error was found.
          const expected = findDuplicateEntries(entries.filter((e) => !broken.has(e.source.file)));
          expect(small.finish(broken).duplicates).toEqual(expected);
          expect(sortIssues(onDisk.finish(broken).duplicates)).toEqual(sortIssues(expected));
          expect(expected).toHaveLength(entries.filter((e) => !broken.has(e.source.file)).length - new Set(rows.filter(([, f]) => !broken.has(f)).map(([id]) => id)).size);
        },
      ),
    );
  });

  it('finds the closed months’ records whose id the log has under a customer of another range (R14), exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('E1', 'E2', 'E3', 'Ž4', 'a\nb'), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }),
        fc.array(fc.tuple(fc.constantFrom('E1', 'E2', 'E3', 'Ž4', 'a\nb', 'E9'), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }),
        fc.integer({ min: 2, max: 9 }),
        (log, records, buckets) => {
          const check = openIdCheck(buckets);
          log.forEach(([id, group], line) => check.add(entry({ id, source: { file: 'a.csv', line: line + 2 } }), group));
          for (const [id, month, group] of records) check.addRecord(id, month, group);
          // The range of an id is that of its first row (a later row with the same id is a duplicate).
          const rangeOf = new Map<string, number>();
          for (const [id, group] of log) if (!rangeOf.has(id)) rangeOf.set(id, group);
          const expected = records
            .filter(([id, , group]) => rangeOf.has(id) && rangeOf.get(id) !== group)
            .map(([id, month, group]) => ({ id, month, group, logGroup: rangeOf.get(id)! }));
          const order = (a: { id: string; month: number; group: number }, b: typeof a) => a.id.localeCompare(b.id) || a.month - b.month || a.group - b.group;
          expect(check.finish(new Set()).moved.sort(order)).toEqual(expected.sort(order));
        },
      ),
    );
  });
});
