import type { ClosedMonth } from '../billing/closed-months.js';
import type { Entry } from '../billing/types.js';
import { openEntryStore, type EntryStore } from './entry-store.js';
import type { MovedRecord } from './id-check.js';

/**
 * The closed months' records (the entries each billed), kept by range of customers like the log's entries
 * (issue 6: a closed month of a million entries held whole took 0.5 GB), so that each part of a run gets only
 * its customers' records. All months share one temporary file; a month's range is one group of it.
 */
export interface ClosedRecords {
  /** Keep a recorded entry of `month`; gives the month's index and the entry's range, for the id buckets. */
  add(month: string, entry: Entry): { month: number; range: number };
  /** Bytes of records in a range, over all months: billing needs them with the range's entries. */
  bytes(range: number): number;
  /**
   * The records the id buckets found moved: entries that now belong to a customer of another range than the
   * one they were billed for (R14: they must still be found billed). Each record range concerned is read once.
   */
  addMoved(refs: readonly MovedRecord[]): void;
  /**
   * Every closed month (a late entry needs to know its month is closed), each with the records of the part's
   * ranges and those moved to them from ranges outside the part.
   */
  forPart(months: readonly string[], part: readonly number[], inPart: (range: number) => boolean): ClosedMonth[];
  remove(): void;
}

export function openClosedRecords(ranges: { groups: number; groupOf(customer: string): number }): ClosedRecords {
  const monthIndex = new Map<string, number>();
  let store: EntryStore | null = null;
  const groupOf = (month: number, range: number) => month * ranges.groups + range;
  // By the range the log has their entry in.
  const moved = new Map<number, { month: number; range: number; entry: Entry }[]>();
  return {
    add(month, entry) {
      let index = monthIndex.get(month);
      if (index === undefined) {
        index = monthIndex.size;
        monthIndex.set(month, index);
      }
      store ??= openEntryStore(0, ranges.groupOf, { onDisk: true });
      const range = ranges.groupOf(entry.customer);
      store.add(entry, groupOf(index, range));
      return { month: index, range };
    },
    bytes(range) {
      let bytes = 0;
      if (store !== null) for (const index of monthIndex.values()) bytes += store.bytes(groupOf(index, range));
      return bytes;
    },
    addMoved(refs) {
      if (store === null) return;
      const wanted = new Map<number, Map<string, number>>(); // record group → id → range the log has it in
      for (const ref of refs) {
        const group = groupOf(ref.month, ref.group);
        if (!wanted.has(group)) wanted.set(group, new Map());
        wanted.get(group)!.set(ref.id, ref.logGroup);
      }
      for (const [group, ids] of wanted) {
        for (const entry of store.group(group)) {
          const range = ids.get(entry.id);
          if (range === undefined) continue;
          if (!moved.has(range)) moved.set(range, []);
          moved.get(range)!.push({ month: Math.floor(group / ranges.groups), range: group % ranges.groups, entry });
        }
      }
    },
    forPart(months, part, inPart) {
      return months.map((month) => {
        const index = monthIndex.get(month);
        if (index === undefined || store === null) return { month, entries: [] };
        const entries = part.flatMap((range) => store!.group(groupOf(index, range)));
        for (const range of part) {
          for (const record of moved.get(range) ?? []) if (record.month === index && !inPart(record.range)) entries.push(record.entry);
        }
        return { month, entries };
      });
    },
    remove: () => store?.remove(),
  };
}
