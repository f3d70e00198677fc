import Table from 'cli-table3';

/** Borderless tables: statements stay narrow enough for a terminal and read well as plain text. */
const BORDERLESS = {
  chars: {
    top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
    left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
  },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

export type Align = 'left' | 'right';

/** A borderless table; `colWidths` (null: automatic) turns on word wrap for the columns given a width. */
export function borderlessTable(head: string[], colAligns: Align[], colWidths?: (number | null)[]): Table.Table {
  return new Table({ ...BORDERLESS, head, colAligns, ...(colWidths ? { colWidths, wordWrap: true } : {}) });
}

/** A boxed table without lines between rows (summaries). */
export function boxedTable(head: string[], colAligns: Align[]): Table.Table {
  return new Table({ head, colAligns, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
}

/** cli-table3 pads every cell; trailing blanks would only clutter text files. */
export function tableText(table: Table.Table): string {
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}
