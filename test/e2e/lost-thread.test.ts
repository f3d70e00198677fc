import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate-log.mjs';
import { REPO } from './run-cli.js';

// Issue 14: a large month is made in blocks by this thread and the one beside it (src/cli/month-maker.ts).
// A thread beside that ends midway (it failed, or reached its heap limit) must lose no statement: the blocks
// it took and never sent are made on the main thread. The test runner runs the sources, where there is no
// compiled worker, so this drives the built modules (`npm test` builds them first), with a thread beside that
// takes three blocks and ends without sending any.

type Modules = [
  typeof import('../../src/cli/month-maker.js'),
  typeof import('../../src/billing/bill-month.js'),
  typeof import('../../src/io/load-inputs.js'),
  typeof import('../../src/billing/price-list.js'),
  typeof import('../../src/formats/statement-document.js'),
  typeof import('../../src/formats/csv-dialect.js'),
];
const built = (path: string) => import(pathToFileURL(join(REPO, 'dist', path)).href);

describe('a thread beside that ends midway (issue 14)', () => {
  it('loses no statement: the blocks it took are made on the main thread, with the same bytes', async () => {
    const [maker, billing, loading, prices, documents, dialects] = (await Promise.all(
      ['cli/month-maker.js', 'billing/bill-month.js', 'io/load-inputs.js', 'billing/price-list.js', 'formats/statement-document.js', 'formats/csv-dialect.js'].map(built),
    )) as Modules;
    const dir = mkdtempSync(join(tmpdir(), 'ipex-bill-lost-thread-'));
    generate(10_000, dir); // about 100 customers: four blocks
    const file = (name: string) => ({ path: join(dir, name), name });
    const read = await loading.loadInputs({ logs: [file('work-log.csv')], customers: file('customers.csv'), topups: file('topups.csv') });
    expect(read.issues).toEqual([]);
    const { entries, customers, unreadCustomers, topUps } = read.value;
    const priceList = prices.DEFAULT_PRICE_LIST;
    const plan = billing.planMonth({ month: '2024-05', log: entries, customers, unreadCustomers, topUps, treatUnresolved: 'paid' }, priceList);
    expect(Math.ceil(plan.customers.length / maker.BLOCK)).toBeGreaterThan(3);
    const settings = { supplier: documents.POLICY_SUPPLIER, dialect: dialects.CSV_DIALECTS.rfc4180, version: { version: 1, replaces: null } };

    const made = async (threads: number, ahead: Worker | null) => {
      const making = maker.monthMaker(plan, priceList, settings, 'files', { threads, pdfs: false, ahead });
      const all = [];
      for (let n = 0; n < plan.customers.length; n++) {
        const one = await making.made(n);
        all.push({ customer: one.part.customer, outline: one.part.outline, texts: one.texts?.map((t) => (typeof t === 'string' ? t : Buffer.from(t).toString('utf8'))) ?? null });
      }
      await making.close();
      return all;
    };
    // Takes blocks 0, 1 and 2 as the real thread would, and ends without sending one.
    const dying = new Worker(
      "require('node:worker_threads').parentPort.once('message', (job) => { Atomics.add(job.control, 0, 3); process.exit(1); });",
      { eval: true },
    );
    const alone = await made(1, null);
    const afterLoss = await made(2, dying);
    expect(afterLoss.map((m) => m.customer)).toEqual(plan.customers);
    expect(afterLoss).toEqual(alone);
  }, 60_000);
});
