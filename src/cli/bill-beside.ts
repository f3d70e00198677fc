import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BillingInput, CustomerPart, MonthPlan } from '../billing/bill-month.js';
import { EntryTable, type EntryTableParts } from '../billing/entry-table.js';
import type { PriceList } from '../billing/price-list.js';
import type { TopUpAdvice } from '../billing/top-up-advice.js';

/*
 * Billing a month without writing it (`run` without --out) is reading the logs on both cores, then billing on
 * one: a third of the run (bench/RESULTS.md). So a thread bills the month's customers from the last one back
 * while this thread bills them from the first one on, block by block, each block claimed by whichever thread
 * reaches it first; they meet where their speeds make them meet. Both bill from the same columns (shared
 * memory, nothing copied) through the same pure code, and this thread merges the thread's parts in customer
 * order (`billMonthParts`), so the bill is the same whoever billed what. A thread that fails loses nothing:
 * a block claimed and not delivered is billed here.
 */

/** Customers a thread claims at a time. */
export const BLOCK = 32;
/** Smaller months are billed on this thread alone: the thread would start after the billing is done. */
const ENTRIES_FOR_THREAD = 5_000;
/** Nor larger ones: the thread's own billing state (the ids' join, its heap) would sit on a 10M month's peak. */
const MOST_ENTRIES_FOR_THREAD = 2_000_000;
/** Block claims in `claims`: free, claimed here, claimed by the thread. */
export const FREE = 0;
export const HERE = 1;
export const THREAD = 2;

const WORKER = new URL('./bill-beside-worker.js', import.meta.url);

/** What the thread is sent: the billing input with its tables as shared parts, and the blocks' claims. */
export interface BesideJob {
  input: Omit<BillingInput, 'log' | 'records' | 'unreadCustomers' | 'rejectInvalid'>;
  log: EntryTableParts;
  records: EntryTableParts;
  unreadCustomers: string[];
  priceList: PriceList;
  /** Per block of BLOCK customers of the plan: FREE, HERE or THREAD. */
  claims: Int32Array;
}

/** A block the thread billed: each customer's part and its statement's top-up advice (R8), in order. */
export interface BilledBlock {
  block: number;
  parts: { part: CustomerPart; advice: TopUpAdvice | null }[];
}

export interface BillBeside {
  /** Whether the plan's n-th customer is the thread's (asked in customer order). */
  elsewhere(n: number): boolean;
  /** The thread's part for its n-th customer; null: the thread ended without it (bill it here). */
  part(n: number): Promise<BilledBlock['parts'][number] | null>;
  close(): Promise<void>;
}

/**
 * A thread billing the plan's customers from the back, or null when the month is small or very large, there
 * is one core, rows are set aside (`--reject-invalid` bills some customers twice), or there is no compiled
 * worker (the test runner runs the sources).
 */
export function billBeside(plan: MonthPlan, priceList: PriceList, threads: number): BillBeside | null {
  const { input } = plan;
  if (input.log.size < ENTRIES_FOR_THREAD || input.log.size > MOST_ENTRIES_FOR_THREAD || threads < 2 || input.rejectInvalid || input.onlyCustomer !== undefined) return null;
  if (!existsSync(fileURLToPath(WORKER))) return null;
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.ceil(plan.customers.length / BLOCK)));
  const { log, records, unreadCustomers, rejectInvalid: _, ...rest } = input;
  const job: BesideJob = {
    input: rest,
    log: log.share(),
    records: (records ?? new EntryTable()).share(),
    unreadCustomers: [...(unreadCustomers ?? [])],
    priceList,
    claims,
  };
  const worker = new Worker(WORKER);
  const blocks = new Map<number, BilledBlock>();
  let ended = false; // the thread sends nothing more: done, failed or gone
  let wake: (() => void) | null = null;
  const end = () => {
    ended = true;
    wake?.();
  };
  worker.on('message', (message: BilledBlock | { done: true } | { error: string }) => {
    if ('block' in message) {
      blocks.set(message.block, message);
      wake?.();
    } else end();
  });
  worker.on('error', end);
  worker.on('exit', end);
  worker.postMessage(job);
  let owner = HERE; // of the block this thread is in
  return {
    elsewhere(n) {
      const block = Math.floor(n / BLOCK);
      if (n % BLOCK === 0) {
        const claimed = Atomics.compareExchange(claims, block, FREE, HERE);
        owner = claimed === FREE ? HERE : claimed;
      }
      // A block the thread claimed but will not send (it ended) is billed here.
      return owner === THREAD && !(ended && !blocks.has(block));
    },
    async part(n) {
      const block = Math.floor(n / BLOCK);
      while (!blocks.has(block) && !ended) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      const billed = blocks.get(block);
      if (billed === undefined) return null;
      if (n % BLOCK === billed.parts.length - 1) blocks.delete(block);
      return billed.parts[n % BLOCK] ?? null;
    },
    async close() {
      await worker.terminate();
    },
  };
}
