import type { MonthBill } from '../billing/bill-month.js';
import { renderLinesCsv, renderStatementCsv, renderSummaryCsv, renderUnitsCsv } from './csv.js';
import { statementBaseName } from './file-names.js';
import { PLAIN } from './style.js';
import { renderStatementText } from './text.js';

/** A file of the month folder: its path inside `<out>/<YYYY-MM>/` and its contents. */
export interface MonthFile {
  path: string;
  contents: string;
}

/**
 * The files accounting needs for one month (documented in the README): `summary.csv`, `lines.csv`,
 * `units.csv`, and per customer `statements/<customer>.csv` (spreadsheet) and `.txt` (to read or print).
 */
export function renderMonthFolder(bill: MonthBill): MonthFile[] {
  const files: MonthFile[] = [
    { path: 'summary.csv', contents: renderSummaryCsv(bill) },
    { path: 'lines.csv', contents: renderLinesCsv(bill) },
    { path: 'units.csv', contents: renderUnitsCsv(bill) },
  ];
  for (const statement of bill.statements) {
    const base = `statements/${statementBaseName(statement.customer)}`;
    files.push({ path: `${base}.csv`, contents: renderStatementCsv(statement) });
    files.push({ path: `${base}.txt`, contents: renderStatementText(statement, PLAIN) });
  }
  return files;
}
