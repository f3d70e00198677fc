import { duplicateCheck } from '../billing/duplicates.js';
import type { Issue } from '../billing/issue.js';
import type { Entry } from '../billing/types.js';
import { openSpool, type Spool } from './spool.js';

/**
 * R14 over a log of any size: every entry id must be used once. A small log's ids are checked in memory as
 * they are read. A large one's ids (with their rows) are put into buckets by a hash of the id, kept in a
 * temporary file, and each bucket is checked on its own afterwards: equal ids always share a bucket, so the
 * check is exact, and memory holds one bucket's ids, not ten million (issue 6).
 */
export interface IdCheck {
  add(entry: Entry): void;
  /** Every row whose id an earlier row used, as `findDuplicateEntries` reports it. Once. */
  finish(): Issue[];
  /** Let go of the ids without checking them (a run that stopped early). */
  remove(): void;
}

export function openIdCheck(buckets: number): IdCheck {
  if (buckets <= 1) {
    const check = duplicateCheck();
    const issues: Issue[] = [];
    return {
      add(entry) {
        const issue = check(entry);
        if (issue) issues.push(issue);
      },
      finish: () => issues,
      remove: () => undefined,
    };
  }
  const spool: Spool = openSpool();
  return {
    add(entry) {
      spool.append(String(hashOf(entry.id) % buckets), `${JSON.stringify([entry.id, entry.source.file, entry.source.line])}\n`);
    },
    finish() {
      const issues: Issue[] = [];
      try {
        for (let bucket = 0; bucket < buckets; bucket++) {
          // Rows were added in the order read, so the first of equal ids is the first row, as in memory.
          const check = duplicateCheck();
          let rest = '';
          for (const piece of spool.readText(String(bucket))) {
            const text = rest + piece;
            let from = 0;
            for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', from)) {
              const [id, file, line] = JSON.parse(text.slice(from, end)) as [string, string, number];
              const issue = check({ id, source: { file, line } });
              if (issue) issues.push(issue);
              from = end + 1;
            }
            rest = text.slice(from);
          }
        }
      } finally {
        spool.remove();
      }
      return issues;
    },
    remove: () => spool.remove(),
  };
}

/** FNV-1a over the id's UTF-16 code units: cheap, and spreads ids like `E1`, `E2` … evenly. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
