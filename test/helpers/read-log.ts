import type { Checked } from '../../src/billing/issue.js';
import { EntryTable } from '../../src/billing/entry-table.js';
import type { Entry } from '../../src/billing/types.js';
import type { ByteSource } from '../../src/io/byte-source.js';
import { parseWorkLog, type WorkLogOptions } from '../../src/io/read-work-log.js';

/** `parseWorkLog` into a fresh table, its entries given back as the rules see them (for assertions). */
export function readLog(bytes: Uint8Array | ByteSource, file: string, options: WorkLogOptions = {}): Checked<Entry[]> {
  const table = new EntryTable();
  const read = parseWorkLog(bytes, file, table, options);
  return { value: Array.from({ length: table.size }, (_, row) => table.entry(row)), issues: read.issues };
}
