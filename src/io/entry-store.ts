import type { Entry } from '../billing/types.js';
import { openSpool, type Spool } from './spool.js';
import { stringPool } from './string-pool.js';

/**
 * The entries of a log, kept by group of customers until their group is billed (issue 6). A log that is one
 * group stays in memory; a larger one is written to a temporary file as it is read, one line of JSON per entry,
 * and each group is read back when its turn comes, so only one group's entries are ever objects in memory.
 */
export interface EntryStore {
  /** Keep an entry in its customer's group, or in `group` (a store on disk only); gives the group. */
  add(entry: Entry, group?: number): number;
  /** How many bytes of entries a group holds (as stored; about what the log spends on them). */
  bytes(index: number): number;
  /** The entries of one group, in the order they were added, leaving out those of `skipFiles`. */
  group(index: number, skipFiles?: ReadonlySet<string>): Entry[];
  remove(): void;
}

/**
 * `onDisk`: keep even one group in the temporary file (entries only rarely read back). `readBytes`: how much
 * of the temporary file is read at a time (tests read it in small pieces).
 */
export function openEntryStore(groups: number, groupOf: (customer: string) => number, options: { onDisk?: boolean; readBytes?: number } = {}): EntryStore {
  if (groups === 1 && options.onDisk !== true) {
    let entries: Entry[] = [];
    return {
      add: (entry) => {
        entries.push(entry);
        return 0;
      },
      bytes: () => 0, // in memory: the log's size was checked before reading
      group: (_index, skipFiles) => (skipFiles && skipFiles.size > 0 ? entries.filter((e) => !skipFiles.has(e.source.file)) : entries),
      remove: () => void (entries = []),
    };
  }
  const spool: Spool = openSpool(undefined, options.readBytes);
  const sizes: number[] = []; // by group; a group not yet seen holds nothing
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  return {
    add(entry, into) {
      let file = fileIndex.get(entry.source.file);
      if (file === undefined) {
        file = files.push(entry.source.file) - 1;
        fileIndex.set(entry.source.file, file);
      }
      const e = entry;
      const group = into ?? groupOf(e.customer);
      const line = `${JSON.stringify([
        e.id, e.caseId, e.customer, e.date, e.start, e.end, e.minutes, e.technician, e.role, e.activity, e.cause, e.billable, e.description, file, e.source.line,
      ])}\n`;
      sizes[group] = (sizes[group] ?? 0) + line.length;
      spool.append(String(group), line);
      return group;
    },
    bytes: (index) => sizes[index] ?? 0,
    group(index, skipFiles) {
      const entries: Entry[] = [];
      const one = stringPool();
      const take = (line: string) => {
        const v = JSON.parse(line) as [string, string | null, string, string, string | null, string | null, number, string, Entry['role'], string | null, Entry['cause'], boolean | null, string, number, number];
        const file = files[v[13]]!;
        if (skipFiles?.has(file)) return;
        // The same shape, in the same order, as the reader makes (bench/RESULTS.md: mixed shapes slow every step).
        entries.push({
          id: v[0], caseId: v[1], customer: one(v[2]), date: one(v[3]), start: one(v[4]), end: one(v[5]), minutes: v[6], technician: one(v[7]),
          role: v[8], activity: one(v[9]), cause: v[10], billable: v[11], description: v[12], source: { file, line: v[14] },
        });
      };
      for (const line of spool.readLines(String(index))) take(line);
      return entries;
    },
    remove: () => spool.remove(),
  };
}
