import { parentPort } from 'node:worker_threads';
import { billCustomerOf, planMonth } from '../billing/bill-month.js';
import { EntryTable } from '../billing/entry-table.js';
import { topUpAdvice } from '../billing/top-up-advice.js';
import { BLOCK, FREE, THREAD, type BesideJob, type BilledBlock } from './bill-beside.js';

// The thread of `billBeside` (bill-beside.ts): plans the month from the shared columns exactly as the main
// thread does, then bills its customers block by block from the last, until it reaches a block the main
// thread has claimed, and sends each block's parts as it is billed.
parentPort?.once('message', (job: BesideJob) => {
  try {
    const { claims, priceList } = job;
    const input = { ...job.input, log: EntryTable.over(job.log), records: EntryTable.over(job.records), unreadCustomers: new Set(job.unreadCustomers), rejectInvalid: null };
    const plan = planMonth(input, priceList);
    // Planned alike or not at all: the blocks are counted in the main thread's plan.
    if (Math.ceil(plan.customers.length / BLOCK) === claims.length) {
      for (let block = claims.length - 1; block >= 0; block--) {
        if (Atomics.compareExchange(claims, block, FREE, THREAD) !== FREE) break;
        const parts = plan.customers.slice(block * BLOCK, (block + 1) * BLOCK).map((customer) => {
          const { statement, part } = billCustomerOf(plan, customer);
          return { part, advice: statement && topUpAdvice(statement, priceList) };
        });
        parentPort?.postMessage({ block, parts } satisfies BilledBlock);
      }
    }
    parentPort?.postMessage({ done: true });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
