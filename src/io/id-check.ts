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
  /** An entry of the log; `group`: its customer's range (for `addRecord`). */
  add(entry: Entry, group?: number): void;
  /**
   * The id of an entry a closed month billed (`month`: its index in the caller's list), recorded for a customer
   * of range `group`. `finish` tells where the log has it in another range: an entry moved to a customer of
   * another part after it was billed, which that part must still find billed (R14).
   */
  addRecord(id: string, month: number, group: number): void;
  /**
   * Every row whose id an earlier row used, as `findDuplicateEntries` reports it; and the records moved. Once.
   * Rows of `brokenFiles` (files with a CSV syntax error, which count for nothing) take no part, as in memory.
   */
  finish(brokenFiles: ReadonlySet<string>): { duplicates: Issue[]; moved: MovedRecord[] };
  /** Let go of the ids without checking them (a run that stopped early). */
  remove(): void;
}

export function openIdCheck(buckets: number): IdCheck {
  if (buckets <= 1) {
    // Checked at the end, not as they come: a file found broken later takes its rows out of the check.
    const rows: Pick<Entry, 'id' | 'source'>[] = [];
    return {
      add: (entry) => void rows.push({ id: entry.id, source: entry.source }),
      addRecord: () => undefined, // one range: every record is billed with every entry
      finish(brokenFiles) {
        const check = duplicateCheck();
        const issues: Issue[] = [];
        for (const row of rows) {
          if (brokenFiles.has(row.source.file)) continue;
          const issue = check(row);
          if (issue) issues.push(issue);
        }
        return { duplicates: issues, moved: [] };
      },
      remove: () => undefined,
    };
  }
  const spool: Spool = openSpool();
  let records = false; // any closed month's record ids added: only then are the log's ranges kept per bucket
  return {
    add(entry, group = 0) {
      spool.append(String(hashOf(entry.id) % buckets), `${JSON.stringify([entry.id, entry.source.file, entry.source.line, group])}\n`);
    },
    addRecord(id, month, group) {
      records = true;
      spool.append(`r${hashOf(id) % buckets}`, `${JSON.stringify([id, month, group])}\n`);
    },
    finish(brokenFiles) {
      const issues: Issue[] = [];
      const moved: MovedRecord[] = [];
      try {
        for (let bucket = 0; bucket < buckets; bucket++) {
          // Rows were added in the order read, so the first of equal ids is the first row, as in memory.
          const check = duplicateCheck();
          const groupOfId = new Map<string, number>();
          for (const line of spool.readLines(String(bucket))) {
            const [id, file, row, group] = JSON.parse(line) as [string, string, number, number];
            if (brokenFiles.has(file)) continue;
            const issue = check({ id, source: { file, line: row } });
            if (issue) issues.push(issue);
            if (records && !groupOfId.has(id)) groupOfId.set(id, group);
          }
          for (const line of spool.readLines(`r${bucket}`)) {
            const [id, month, group] = JSON.parse(line) as [string, number, number];
            const logGroup = groupOfId.get(id);
            if (logGroup !== undefined && logGroup !== group) moved.push({ id, month, group, logGroup });
          }
        }
      } finally {
        spool.remove();
      }
      return { duplicates: issues, moved };
    },
    remove: () => spool.remove(),
  };
}

/** A closed month's record of entry `id`, kept in range `group`, whose id the log has in range `logGroup`. */
export interface MovedRecord {
  id: string;
  month: number;
  group: number;
  logGroup: number;
}

/** FNV-1a over the id's UTF-16 code units: cheap, and spreads ids like `E1`, `E2` … evenly. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
