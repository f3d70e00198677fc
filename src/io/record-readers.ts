import { recordsNeeded, type RecordNeeded } from '../billing/billed-once.js';
import type { EntryTable, EntryTableParts } from '../billing/entry-table.js';
import type { PriceList } from '../billing/price-list.js';
import type { BillingMonth } from '../billing/types.js';
import { threadPool, type ThreadPool } from './thread-pool.js';
import type { RecordRead } from './read-record.js';

/*
 * Every later run reads the records of a year of closed months: a 1M-entry month's record.bin is 80 MB, read
 * and hashed in about a second, one month after another (bench/RESULTS.md). The threads that read the logs
 * are idle by then, so the records are read on threads too, one file a job, and this thread appends what
 * they kept in month order: the same rows, in the same order, as read here.
 */

/** What decides which records of closed months are kept (`recordsNeeded`), for the bill of `month`. */
export interface RecordsNeededFor {
  log: EntryTable;
  month: BillingMonth;
  priceList: PriceList;
  decided: ReadonlySet<string>;
}

const built = new WeakMap<RecordsNeededFor, RecordNeeded>();

/** `recordsNeeded` of these inputs, made once however many records ask. */
export function recordsNeededOf(needed: RecordsNeededFor): RecordNeeded {
  let keep = built.get(needed);
  if (keep === undefined) built.set(needed, (keep = recordsNeeded(needed.log, needed.month, needed.priceList, needed.decided)));
  return keep;
}

/** What a record thread is started with: `RecordsNeededFor`, the log as views of its shared memory. */
export interface RecordThreadSetup {
  log: EntryTableParts;
  month: BillingMonth;
  priceList: PriceList;
  decided: string[];
}

/** One record file to read on a thread: hashed, and read only when its hash is the manifest's and `read` asks. */
export interface RecordJob {
  path: string;
  /** How its problems name it, and the lines.csv its entries are named by. */
  name: string;
  linesFile: string;
  /** The hash its manifest lists. */
  sha256: string;
  /** The caller's number of its month (`EntryTable.month`). */
  month: number;
  read: boolean;
}

/** A record file as a thread found it: null when it could not be read; else its hash and, if read, its kept entries. */
export type RecordDone = null | { sha256: string; read: RecordRead | null; parts: EntryTableParts | null };

const WORKER = new URL('./record-worker.js', import.meta.url);

/** `count` threads that read record files (`RecordJob`) for the bill `needed` says, or null (`threadPool`). */
export function recordReaders(count: number, needed: RecordsNeededFor): ThreadPool<RecordJob, RecordDone> | null {
  const setup: RecordThreadSetup = { log: needed.log.share(), month: needed.month, priceList: needed.priceList, decided: [...needed.decided] };
  return threadPool<RecordJob, RecordDone>(WORKER, count, () => [], setup);
}
