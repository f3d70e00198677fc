import { parentPort } from 'node:worker_threads';
import { billStatements } from '../billing/bill-month.js';
import { EntryTable } from '../billing/entry-table.js';
import { indexCustomers } from '../billing/tiers.js';
import { topUpAdvice } from '../billing/top-up-advice.js';
import { statementOutputs } from '../report/month-folder.js';
import { BATCH, WINDOW, type RenderedBatch, type StatementJob } from './statement-ahead.js';

// The thread of `renderAhead` (statement-ahead.ts): bills the month from the shared columns exactly as the
// main thread does, and sends each statement's outputs back in batches, never more than WINDOW batches ahead
// of what the main thread has taken.
parentPort?.once('message', (job: StatementJob) => {
  try {
    const { taken, priceList } = job;
    const input = { ...job.input, log: EntryTable.over(job.log), records: EntryTable.over(job.records), unreadCustomers: new Set(job.unreadCustomers), rejectInvalid: null };
    const outputs = statementOutputs(input.month, priceList, job.supplier, indexCustomers(input.customers).value);
    let batch: RenderedBatch['batch'] = [];
    let sent = 0;
    const send = () => {
      for (let seen = Atomics.load(taken, 0); sent - seen >= WINDOW; seen = Atomics.load(taken, 0)) Atomics.wait(taken, 0, seen, 1000);
      parentPort?.postMessage({ batch } satisfies RenderedBatch);
      sent++;
      batch = [];
    };
    for (const statement of billStatements(input, priceList)) {
      const { text, documentLine, json } = outputs(statement, topUpAdvice(statement, priceList));
      batch.push({ customer: statement.customer, text, documentLine, json });
      if (batch.length === BATCH) send();
    }
    if (batch.length > 0) send();
    parentPort?.postMessage({ done: true });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
