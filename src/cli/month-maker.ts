import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { billCustomerOf, monthBillOf, planParts, type BillingInput, type CustomerPart, type MonthBill, type MonthPlan, type PlanParts } from '../billing/bill-month.js';
import type { Checked } from '../billing/issue.js';
import { describeUsage, type CustomerUsage } from '../billing/usage.js';
import type { EntryTableParts } from '../billing/entry-table.js';
import type { PriceList } from '../billing/price-list.js';
import { indexCustomers } from '../billing/tiers.js';
import { topUpAdvice, type TopUpAdvice } from '../billing/top-up-advice.js';
import type { CsvDialect } from '../formats/csv-dialect.js';
import type { StatementDocument, Supplier } from '../formats/statement-document.js';
import type { MonthVersion } from '../report/csv.js';
import { monthTables, statementOutputs } from '../report/month-folder.js';

/*
 * A month is billed a customer at a time, and each statement's outputs (its table rows, its piece of the bill's
 * JSON, its .txt and its document) are made from it: work per entry, on one core, while the other one has
 * nothing to do once the logs are read (bench/RESULTS.md). So a large month is made in blocks of customers on
 * two threads: this one and one beside it take the next block not yet taken, each bills its blocks from the
 * same columns (shared memory, nothing copied) through the same pure code and makes their outputs, and this
 * thread uses every block in customer order: it merges the parts into the bill (`monthBillOf`) and writes the
 * outputs. Whoever made a block, its bytes are the same. When the block this thread needs next is still being
 * made beside it, it makes a later one meanwhile (at most AHEAD); the thread beside stays at most WINDOW blocks
 * ahead of what this thread has used. A block the thread beside took and did not deliver (it failed or ended)
 * is made here: a lost thread never loses a statement.
 */

/** Customers a block has. */
export const BLOCK = 32;
/** Blocks the thread beside may have made and this thread not yet used (about 10 MB of outputs at most). */
export const WINDOW = 4;
/** Blocks this thread may make ahead of the one it waits for. */
const AHEAD = 2;
/**
 * Smaller months are made on this thread alone: the thread would start when the work is done. There is no
 * upper bound: the thread bills from this thread's plan and columns where they lie in shared memory, so what
 * it adds to the peak is its heap (THREAD_HEAP_MB) and the blocks not yet used, whatever the month's size (at
 * 10M entries, `run --out` peaks at 2.14 GB against 2.02 GB on one thread, in about 0.7 of the time:
 * bench/RESULTS.md).
 */
const ENTRIES_FOR_THREAD = 5_000;

const WORKER = new URL('./month-maker-worker.js', import.meta.url);
/**
 * The thread's heap, at most: what it keeps is its views of the plan (the plan's arrays are this thread's,
 * shared), the customers' list and the blocks it has not yet had used; the rest is each block's garbage. Left
 * to V8's own limit, that garbage grew the peak of `run --out` at 1M by 50–70 MB before it was collected, and
 * at this limit the run took no longer in four pairs (bench/RESULTS.md). Should the thread ever reach it, it ends, and the blocks it had
 * taken are made on this thread, as for any thread that ends.
 */
const THREAD_HEAP_MB = 192;

/** The thread beside, not yet given its job. */
function makerThread(): Worker {
  return new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
}

/**
 * Logs of this size may hold a month for the thread (an entry takes about 100 bytes or more; a month of
 * shorter ones starts its thread when it is planned).
 */
const LOG_BYTES_FOR_THREAD = ENTRIES_FOR_THREAD * 100;

/**
 * The thread beside, started as the logs begin to be read when they are large enough to want it: it loads its
 * modules (about 0.1 s of a core) while the logs are read, not after the month is planned, when the blocks are
 * already being made. Null when there is no second core, the logs are too small, or the worker is not
 * compiled. It does not keep the process alive until a maker takes it (`monthMaker`'s `ahead`), which ends it
 * when the month turns out to need no thread.
 */
export function startThreadAhead(logBytes: number, threads: number): Worker | null {
  if (threads < 2 || logBytes < LOG_BYTES_FOR_THREAD || !existsSync(fileURLToPath(WORKER))) return null;
  const worker = makerThread();
  worker.unref();
  // A thread that fails to start is one the maker finds ended: every block is then made on the main thread.
  worker.on('error', () => undefined);
  return worker;
}

/**
 * What is made of each customer besides its part of the bill: nothing, its usage so far (`hours`), its piece
 * of the bill's hash (a closed month run again), or everything written.
 */
export type Making = 'parts' | 'usage' | 'hash' | 'files';

/** What `statementOutputs` needs besides the plan. */
export interface OutputSettings {
  supplier: Supplier;
  dialect: CsvDialect;
  version: MonthVersion;
}

/** One customer made: its part of the bill, its top-up advice (R8), and its statement's outputs. */
export interface Made {
  part: CustomerPart;
  advice: TopUpAdvice | null;
  /** The log row of each line of its statement (record.bin is written from the columns). */
  lineRows: Int32Array;
  /** Its outputs (`OUTPUT_TEXTS`, as text made here or UTF-8 made beside); null without a statement or when making parts. */
  texts: (string | Uint8Array)[] | null;
  lineSpans: Int32Array;
  /** Its usage so far, when making `usage` and it has a statement. */
  usage: CustomerUsage | null;
  /** Made here only: its statement's document, when the PDFs are made. */
  document: StatementDocument | null;
}

/** What the thread beside is sent: the billing input and its plan with their tables as shared parts, and what its outputs need. */
export interface MakerJob {
  input: Omit<BillingInput, 'log' | 'records' | 'unreadCustomers' | 'rejectInvalid'>;
  log: EntryTableParts;
  records: EntryTableParts;
  plan: PlanParts;
  unreadCustomers: string[];
  priceList: PriceList;
  settings: OutputSettings | null;
  making: Making;
  blocks: number;
  /** [0]: the next block to take; [1]: the blocks of the thread beside this thread has used (it waits on it). */
  control: Int32Array;
}

/** A block the thread beside made: per customer in order, what `Made` has but the document, texts as UTF-8. */
export interface MadeBlock {
  block: number;
  made: Omit<Made, 'texts' | 'document'>[];
  /** Every customer's texts end to end, and where each ends. */
  bytes: Uint8Array;
  ends: Int32Array;
  /** How many texts each customer has (none without a statement). */
  textCounts: Int32Array;
}

export interface MonthMaker {
  /** The plan's n-th customer made; asked in customer order. */
  made(n: number): Promise<Made>;
  close(): Promise<void>;
}

/** Makes one customer of the plan on any thread: bills it, and makes what `making` asks of its statement (`settings`: null when only parts). */
export function customerMaker(plan: MonthPlan, priceList: PriceList, settings: OutputSettings | null, making: Making, documents: boolean) {
  const { month, customers } = plan.input;
  const outputs = settings && statementOutputs(month, priceList, settings.supplier, indexCustomers(customers).value, monthTables(settings.dialect, settings.version));
  return (n: number): Made & { texts: string[] | null } => {
    const { statement, lineRows, part } = billCustomerOf(plan, plan.customers[n]!);
    const advice = statement && topUpAdvice(statement, priceList);
    const made = statement && (making === 'hash' || making === 'files') ? outputs!(statement, advice, making) : null;
    const usage = statement && making === 'usage' ? describeUsage(statement, priceList) : null;
    return { part, advice, lineRows, texts: made?.texts ?? null, lineSpans: made?.lineSpans ?? new Int32Array(0), usage, document: documents ? (made?.document ?? null) : null };
  };
}

/**
 * Makes the plan's customers, with a thread beside this one when the month is large enough (more than one
 * block of customers, too: `hours` for one customer bills only that one) and there is a second core, nothing is set aside (`--reject-invalid` bills some customers twice), no PDFs are made (they have
 * the cores then), and the worker is compiled (the test runner runs the sources, on one thread).
 */
export function monthMaker(
  plan: MonthPlan,
  priceList: PriceList,
  settings: OutputSettings | null,
  making: Making,
  options: { threads: number; pdfs: boolean; ahead?: Worker | null },
): MonthMaker {
  const makeHere = customerMaker(plan, priceList, settings, making, options.pdfs);
  const { input } = plan;
  const size = input.log.size;
  if (size < ENTRIES_FOR_THREAD || plan.customers.length <= BLOCK || options.threads < 2 || options.pdfs || input.rejectInvalid || !existsSync(fileURLToPath(WORKER))) {
    void options.ahead?.terminate();
    return { made: async (n) => makeHere(n), close: async () => undefined };
  }
  const blocks = Math.ceil(plan.customers.length / BLOCK);
  const control = new Int32Array(new SharedArrayBuffer(8));
  const { log, records: _records, unreadCustomers, rejectInvalid: _, ...rest } = input;
  const job: MakerJob = {
    input: rest,
    log: log.share(),
    records: plan.records.share(),
    plan: planParts(plan),
    unreadCustomers: [...(unreadCustomers ?? [])],
    priceList,
    settings,
    making,
    blocks,
    control,
  };
  const worker = options.ahead ?? makerThread();
  worker.ref();
  /** Blocks made and not yet used, by number: made here, or beside (as sent). */
  const ready = new Map<number, Made[] | MadeBlock>();
  let ended = false; // the thread beside sends nothing more: done, failed or gone
  let wake: (() => void) | null = null;
  const end = () => {
    ended = true;
    wake?.();
  };
  worker.on('message', (message: MadeBlock | { done: true } | { error: string }) => {
    if ('block' in message) {
      ready.set(message.block, message);
      wake?.();
    } else end();
  });
  worker.on('error', end);
  worker.on('exit', end);
  // A thread started ahead that has already ended (it failed to start) takes no block: all are made here.
  if (worker.threadId === -1) end();
  worker.postMessage(job);

  const mine = new Set<number>(); // blocks this thread took
  const makeBlock = (block: number) => {
    const made: Made[] = [];
    for (let n = block * BLOCK; n < Math.min((block + 1) * BLOCK, plan.customers.length); n++) made.push(makeHere(n));
    ready.set(block, made);
  };
  /** Take the next block not yet taken, if any: its number. */
  const take = (): number | null => {
    for (;;) {
      const next = Atomics.load(control, 0);
      if (next >= blocks) return null;
      if (Atomics.compareExchange(control, 0, next, next + 1) === next) {
        mine.add(next);
        return next;
      }
    }
  };
  /** Block `block`, made here or beside. */
  const blockOf = async (block: number): Promise<Made[] | MadeBlock> => {
    for (;;) {
      const found = ready.get(block);
      if (found !== undefined) return found;
      if (Atomics.load(control, 0) <= block) {
        // Not taken yet (every earlier block is): take it.
        const taken = take();
        if (taken !== null) makeBlock(taken);
        continue;
      }
      if (ended) {
        // Taken beside and never to come: made here.
        makeBlock(block);
        continue;
      }
      if ([...ready.keys()].filter((b) => b > block && mine.has(b)).length < AHEAD) {
        const later = take();
        if (later !== null) {
          makeBlock(later);
          // Let the thread's messages in before looking again.
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
  return {
    async made(n) {
      const block = Math.floor(n / BLOCK);
      const at = n - block * BLOCK;
      const found = await blockOf(block);
      const last = at === BLOCK - 1 || n === plan.customers.length - 1;
      if (last) {
        ready.delete(block);
        if (!mine.has(block)) {
          Atomics.add(control, 1, 1);
          Atomics.notify(control, 1);
        }
      }
      if (Array.isArray(found)) return found[at]!;
      const piece = (k: number) => found.bytes.subarray(k === 0 ? 0 : found.ends[k - 1]!, found.ends[k]!);
      let first = 0;
      for (let i = 0; i < at; i++) first += found.textCounts[i]!;
      const count = found.textCounts[at]!;
      const texts = count === 0 ? null : Array.from({ length: count }, (_, k) => piece(first + k));
      return { ...found.made[at]!, texts, document: null };
    },
    async close() {
      await worker.terminate();
    },
  };
}

/**
 * The month's bill, its customers billed on both cores when the month is large (`validate`, `hours`), with
 * each statement's usage so far when `usage` is asked for (in customer order).
 */
export async function billOnBothCores(
  plan: MonthPlan,
  priceList: PriceList,
  threads: { threads: number; ahead?: Worker | null },
  usage: CustomerUsage[] | null = null,
): Promise<Checked<MonthBill | null>> {
  const merged = monthBillOf(plan);
  const maker = monthMaker(plan, priceList, null, usage ? 'usage' : 'parts', { ...threads, pdfs: false });
  try {
    for (let n = 0; n < plan.customers.length; n++) {
      const made = await maker.made(n);
      if (merged.add(made.part) && made.usage) usage?.push(made.usage);
    }
  } finally {
    await maker.close();
  }
  return merged.done();
}
