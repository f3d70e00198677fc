import type { Issue } from './issue.js';
import type { Entry, Source } from './types.js';

/**
 * R14: two entries with the same id are an input error, never merged or dropped. Checked across all input
 * files together, since the files are one log.
 */
export function findDuplicateEntries(entries: readonly Entry[]): Issue[] {
  const check = duplicateCheck();
  const issues: Issue[] = [];
  for (const entry of entries) {
    const issue = check(entry);
    if (issue) issues.push(issue);
  }
  return issues;
}

/**
 * The same check an entry at a time, for a log read as a stream (issue 6): remembers each id's first row, and
 * returns the issue for an entry whose id was seen before.
 */
export function duplicateCheck(): (entry: Pick<Entry, 'id' | 'source'>) => Issue | null {
  // A million ids are remembered: each first row as one number (file number × 2^32 + line), not an object.
  const firstById = new Map<string, number>();
  const files: string[] = [];
  const fileNumbers = new Map<string, number>();
  return (entry) => {
    const first = firstById.get(entry.id);
    if (first === undefined) {
      let file = fileNumbers.get(entry.source.file);
      if (file === undefined) {
        file = files.push(entry.source.file) - 1;
        fileNumbers.set(entry.source.file, file);
      }
      firstById.set(entry.id, file * 2 ** 32 + entry.source.line);
      return null;
    }
    const at: Source = { file: files[Math.floor(first / 2 ** 32)]!, line: first % 2 ** 32 };
    return {
      code: 'duplicate-entry',
      message: `entry id "${entry.id}" is used again (first at ${at.file}:${at.line}); every entry needs its own id`,
      source: { ...entry.source, column: 'id' },
      value: entry.id,
      entryId: entry.id,
    };
  };
}
