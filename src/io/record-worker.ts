import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { recordsNeeded, type RecordNeeded } from '../billing/billed-once.js';
import { EntryTable, partsBuffers } from '../billing/entry-table.js';
import { sha256Hex } from './digest.js';
import { readRecordBin } from './read-record.js';
import type { RecordDone, RecordJob, RecordThreadSetup } from './record-readers.js';

// A thread of `recordReaders`: hashes each record file it is sent and, when the hash is the manifest's, reads
// the entries the bill needs (`recordsNeeded`, made here once from the log where it lies in shared memory).
const setup = workerData as RecordThreadSetup;
let keep: RecordNeeded | null = null;

parentPort?.on('message', (job: RecordJob) => {
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.path);
  } catch {
    parentPort?.postMessage(null satisfies RecordDone);
    return;
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== job.sha256 || !job.read) {
    parentPort?.postMessage({ sha256, read: null, parts: null } satisfies RecordDone);
    return;
  }
  keep ??= recordsNeeded(EntryTable.over(setup.log), setup.month, setup.priceList, new Set(setup.decided));
  const table = new EntryTable();
  const read = readRecordBin(bytes, job.name, job.linesFile, table, job.month, keep);
  const parts = read.problems.length === 0 ? table.parts() : null;
  parentPort?.postMessage({ sha256, read, parts } satisfies RecordDone, parts ? partsBuffers(parts) : []);
});
