import type { MonthBill } from '../billing/bill-month.js';
import { renderInvoicesCsv, renderLinesCsv, renderStatementCsv, renderSummaryCsv, renderUnitsCsv } from './csv.js';
import { DEFAULT_CSV_DIALECT, type CsvDialect } from './csv-dialect.js';
import { statementBaseName } from './file-names.js';
import { RECORD_FILE, renderEntriesRecord } from './record.js';
import { PLAIN } from './style.js';
import { renderStatementText } from './text.js';

/** A file of the month folder: its path inside `<out>/<YYYY-MM>/` and its contents, whole or in pieces. */
export interface MonthFile {
  path: string;
  contents: string | Iterable<string>;
}

/**
 * The files of one month folder (documented in docs/outputs.md): `summary.csv`, `invoices.csv`, `lines.csv`,
 * `units.csv`, the `entries.csv` record, and per customer `statements/<customer>.csv` (spreadsheet) and `.txt`
 * (to read or print). `manifest.json` is added when the folder is written, since it lists these files' hashes.
 * Rendered one at a time as the writer asks for them, so a large month never holds all its files in memory.
 */
export function* renderMonthFolder(bill: MonthBill, dialect: CsvDialect = DEFAULT_CSV_DIALECT): Generator<MonthFile> {
  yield { path: 'summary.csv', contents: renderSummaryCsv(bill, dialect) };
  yield { path: 'invoices.csv', contents: renderInvoicesCsv(bill, dialect) };
  yield { path: 'lines.csv', contents: renderLinesCsv(bill, dialect) };
  yield { path: 'units.csv', contents: renderUnitsCsv(bill, dialect) };
  yield { path: RECORD_FILE, contents: renderEntriesRecord(bill) };
  for (const statement of bill.statements) {
    const base = `statements/${statementBaseName(statement.customer)}`;
    yield { path: `${base}.csv`, contents: renderStatementCsv(statement, dialect) };
    yield { path: `${base}.txt`, contents: renderStatementText(statement, PLAIN) };
  }
}
