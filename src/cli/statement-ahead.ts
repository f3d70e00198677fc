import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BillingInput } from '../billing/bill-month.js';
import { EntryTable, type EntryTableParts } from '../billing/entry-table.js';
import type { PriceList } from '../billing/price-list.js';
import type { Supplier } from '../formats/statement-document.js';
import type { StatementOutputs } from '../report/month-folder.js';

/*
 * Writing a large month is mostly making each statement's outputs (its .txt and its document), on one core,
 * while the other core has nothing to do once the logs are read (bench/RESULTS.md).
 * So a thread bills the same month from the same columns (shared memory, nothing copied) and makes those
 * outputs, while this thread bills, writes the tables and the record, and writes what the thread made.
 * Billing is a pure function of its input, so both threads bill the same statements in the same order; each
 * output names its customer, and one that does not match, or a thread that fails, makes this thread make the
 * rest itself: a lost thread never loses a statement.
 */

/** Statements per message, and how many messages the thread may be ahead (about 16 MB at most). */
export const BATCH = 64;
export const WINDOW = 4;
/** Smaller logs are written on this thread alone: starting the thread and billing twice would not pay. */
const ENTRIES_FOR_THREAD = 5_000;
/**
 * Nor larger ones: the thread holds a second billing state (its join of the ids, its text tables, its heap),
 * about 0.12 GB a million entries; ten million entries written with it peaked at 4.0 GB, without it at 2.7 GB
 * (bench/RESULTS.md). A month beyond twice the largest plausible one is written within memory, more slowly.
 */
const MOST_ENTRIES_FOR_THREAD = 2_000_000;

const WORKER = new URL('./statement-worker.js', import.meta.url);

/** What the thread is sent: the billing input with its tables as shared parts, and what the outputs need. */
export interface StatementJob {
  input: Omit<BillingInput, 'log' | 'records' | 'unreadCustomers' | 'rejectInvalid'>;
  log: EntryTableParts;
  records: EntryTableParts;
  unreadCustomers: string[];
  priceList: PriceList;
  supplier: Supplier;
  /** How many batches this thread has taken (the thread waits on it). */
  taken: Int32Array;
}

/** Outputs of BATCH statements: each statement's text and document line, in turn, end to end. */
export interface RenderedBatch {
  customers: string[];
  bytes: Uint8Array;
  /** Where each output ends in `bytes`: two per statement. */
  ends: Int32Array;
}

/** A statement's outputs as the thread made them: UTF-8 (`StatementOutputs` encoded). */
export type OutputBytes = { [K in keyof StatementOutputs]: Uint8Array };

export interface RenderAhead {
  /** The outputs of the next statement, which is `customer`'s; null: make them here (from now on). */
  next(customer: string): Promise<OutputBytes | null>;
  close(): Promise<void>;
}

/**
 * A thread rendering the month's statements ahead, or null when the month is small or very large, there is
 * one core, or there is no compiled worker (the test runner runs the sources).
 */
export function renderAhead(input: BillingInput, priceList: PriceList, supplier: Supplier, threads: number): RenderAhead | null {
  if (input.log.size < ENTRIES_FOR_THREAD || input.log.size > MOST_ENTRIES_FOR_THREAD || threads < 2 || input.rejectInvalid || !existsSync(fileURLToPath(WORKER))) return null;
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const { log, records, unreadCustomers, rejectInvalid: _, ...rest } = input;
  const job: StatementJob = {
    input: rest,
    log: log.share(),
    records: (records ?? new EntryTable()).share(),
    unreadCustomers: [...(unreadCustomers ?? [])],
    priceList,
    supplier,
    taken,
  };
  const worker = new Worker(WORKER);
  const batches: RenderedBatch[] = [];
  let at = 0; // statement of batches[0]
  let ended = false; // the thread sends nothing more: done, failed or gone
  let astray = false; // an output was not the statement's: make the rest here
  let wake: (() => void) | null = null;
  const end = () => {
    ended = true;
    wake?.();
  };
  worker.on('message', (message: RenderedBatch | { done: true } | { error: string }) => {
    if ('customers' in message) {
      batches.push(message);
      wake?.();
    } else end();
  });
  worker.on('error', end);
  worker.on('exit', end);
  worker.postMessage(job);
  return {
    async next(customer) {
      while (!astray && batches.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      // What arrived before the thread ended is whole; after it, this thread makes the rest.
      if (astray || batches.length === 0) return null;
      const batch = batches[0]!;
      const n = at++;
      if (at === batch.customers.length) {
        batches.shift();
        at = 0;
        Atomics.add(taken, 0, 1);
        Atomics.notify(taken, 0);
      }
      if (batch.customers[n] !== customer) {
        astray = true;
        return null;
      }
      const piece = (k: number) => batch.bytes.subarray(k === 0 ? 0 : batch.ends[k - 1]!, batch.ends[k]!);
      return { text: piece(2 * n), documentLine: piece(2 * n + 1) };
    },
    async close() {
      astray = true;
      await worker.terminate();
    },
  };
}
