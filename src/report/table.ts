import Table from 'cli-table3';
import type { Align } from './columns.js';

/** A boxed table without lines between rows (summaries). */
export function boxedTable(head: string[], colAligns: Align[]): Table.Table {
  return new Table({ head, colAligns, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
}
