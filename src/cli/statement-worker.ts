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
    let customers: string[] = [];
    let texts: string[] = [];
    let sent = 0;
    // A batch goes as UTF-8 in one transferred buffer: the main thread writes and hashes the bytes as they are,
    // and no string of it lands on its heap.
    const send = () => {
      for (let seen = Atomics.load(taken, 0); sent - seen >= WINDOW; seen = Atomics.load(taken, 0)) Atomics.wait(taken, 0, seen, 1000);
      let size = 0;
      for (const text of texts) size += Buffer.byteLength(text, 'utf8');
      const bytes = Buffer.allocUnsafeSlow(size);
      const ends = new Int32Array(texts.length);
      let at = 0;
      texts.forEach((text, n) => (ends[n] = at += bytes.write(text, at, 'utf8')));
      parentPort?.postMessage({ customers, bytes, ends } satisfies RenderedBatch, [bytes.buffer as ArrayBuffer, ends.buffer]);
      sent++;
      customers = [];
      texts = [];
    };
    for (const statement of billStatements(input, priceList)) {
      const { text, documentLine } = outputs(statement, topUpAdvice(statement, priceList));
      customers.push(statement.customer);
      texts.push(text, documentLine);
      if (customers.length === BATCH) send();
    }
    if (customers.length > 0) send();
    parentPort?.postMessage({ done: true });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
