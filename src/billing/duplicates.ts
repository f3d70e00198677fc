import type { Issue } from './issue.js';
import type { Entry } from './types.js';

/**
 * R14: two entries with the same id are an input error, never merged or dropped. Checked across all input
 * files together, since the files are one log.
 */
export function findDuplicateEntries(entries: readonly Entry[]): Issue[] {
  const firstById = new Map<string, Entry>();
  const issues: Issue[] = [];
  for (const entry of entries) {
    const first = firstById.get(entry.id);
    if (!first) {
      firstById.set(entry.id, entry);
      continue;
    }
    issues.push({
      code: 'duplicate-entry',
      message: `entry id "${entry.id}" is used again (first at ${first.source.file}:${first.source.line}); every entry needs its own id`,
      source: { ...entry.source, column: 'id' },
      value: entry.id,
      entryId: entry.id,
    });
  }
  return issues;
}
