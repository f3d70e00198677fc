import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortIssues } from '../../src/billing/issue.js';
import { openIdCheck } from '../../src/io/id-check.js';
import { entry } from '../helpers/build.js';

// R14 over a log of any size (issue 6): a large log's ids are checked in buckets kept on disk. Equal ids share
// a bucket, so the issues must be exactly those of checking every id in memory.

describe('duplicate ids in buckets', () => {
  it('finds the same duplicates, with the same first rows, as the check in memory', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('E1', 'E2', 'e1', 'E10', 'Ž', 'a\nb', '"x"'), fc.constantFrom('a.csv', 'b.csv')), { maxLength: 40 }),
        fc.integer({ min: 2, max: 9 }),
        (rows, buckets) => {
          const entries = rows.map(([id, file], line) => entry({ id, source: { file, line: line + 2 } }));
          const inMemory = openIdCheck(1);
          const onDisk = openIdCheck(buckets);
          for (const e of entries) {
            inMemory.add(e);
            onDisk.add(e);
          }
          const expected = inMemory.finish().duplicates;
          expect(sortIssues(onDisk.finish().duplicates)).toEqual(sortIssues(expected));
          expect(expected).toHaveLength(entries.length - new Set(rows.map(([id]) => id)).size);
        },
      ),
    );
  });
});
