import type { ByteSource } from './byte-source.js';
import type { Checked } from '../billing/issue.js';
import type { TopUp } from '../billing/types.js';
import { readBlocks, readMonth, readRequiredText } from './fields.js';
import type { ColumnSpec, CsvTableOptions } from './read-csv.js';
import type { RowSchema } from './fields.js';
import { readRows } from './read-rows.js';

/** The top-up file (contract): `customer,month,blocks` (R8). */
export const TOP_UP_COLUMNS: readonly ColumnSpec[] = [
  { name: 'customer', required: true, aliases: ['Zákazník', 'Klient'] },
  { name: 'month', required: true, aliases: ['Měsíc'] },
  { name: 'blocks', required: true, aliases: ['Bloky', 'Počet bloků'] },
];

const topUpRow = {
  customer: readRequiredText,
  month: readMonth,
  blocks: readBlocks,
} satisfies RowSchema;

export function parseTopUps(bytes: Uint8Array | ByteSource, file: string, options: CsvTableOptions = {}): Checked<TopUp[]> {
  const read = readRows(bytes, file, TOP_UP_COLUMNS, topUpRow, { month: 'bad-month', blocks: 'bad-blocks' }, options);
  return { value: read.value.rows.map(({ value, source }) => ({ ...value, source })), issues: read.issues };
}
