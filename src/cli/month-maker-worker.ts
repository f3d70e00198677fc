import { parentPort } from 'node:worker_threads';
import { planOver } from '../billing/bill-month.js';
import { EntryTable } from '../billing/entry-table.js';
import { BLOCK, WINDOW, customerMaker, type MadeBlock, type MakerJob } from './month-maker.js';

// The thread beside the main one (month-maker.ts): bills from the main thread's plan of the month and the
// columns, both where they lie in shared memory; takes the next block not yet taken, makes it, and sends it,
// never more than WINDOW blocks ahead of what the main thread has used.
parentPort?.once('message', (job: MakerJob) => {
  try {
    const { control, priceList, blocks } = job;
    const input = { ...job.input, log: EntryTable.over(job.log), records: EntryTable.over(job.records), unreadCustomers: new Set(job.unreadCustomers), rejectInvalid: null };
    const plan = planOver(input, priceList, job.plan);
    const make = customerMaker(plan, priceList, job.settings, job.making, false);
    let sent = 0;
    for (;;) {
      for (let used = Atomics.load(control, 1); sent - used >= WINDOW; used = Atomics.load(control, 1)) Atomics.wait(control, 1, used, 1000);
      const block = Atomics.add(control, 0, 1);
      if (block >= blocks) break;
      const made = [];
      const texts: string[] = [];
      const textCounts = new Int32Array(Math.min(BLOCK, plan.customers.length - block * BLOCK));
      for (let at = 0; at < textCounts.length; at++) {
        const { texts: own, document: _d, ...rest } = make(block * BLOCK + at);
        made.push(rest);
        textCounts[at] = own?.length ?? 0;
        for (const text of own ?? []) texts.push(text);
      }
      // As UTF-8 in one transferred buffer: the main thread writes and hashes the bytes as they are, and no
      // string of them lands on its heap.
      let size = 0;
      for (const text of texts) size += Buffer.byteLength(text, 'utf8');
      const bytes = Buffer.allocUnsafeSlow(size);
      const ends = new Int32Array(texts.length);
      let end = 0;
      texts.forEach((text, k) => (ends[k] = end += bytes.write(text, end, 'utf8')));
      parentPort?.postMessage({ block, made, bytes, ends, textCounts } satisfies MadeBlock, [bytes.buffer as ArrayBuffer, ends.buffer]);
      sent++;
    }
    parentPort?.postMessage({ done: true });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
