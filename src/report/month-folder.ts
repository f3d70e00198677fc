import type { Statement } from '../billing/statement.js';
import {
  INVOICE_COLUMNS, invoicesCsvRows, LINE_COLUMNS, linesCsvRows, renderStatementCsv, SUMMARY_COLUMNS, summaryCsvRows, UNIT_COLUMNS, unitsCsvRows,
} from './csv.js';
import { csvHeader, DEFAULT_CSV_DIALECT, type CsvDialect } from './csv-dialect.js';
import { statementBaseName } from './file-names.js';
import { entriesRecordRows, RECORD_COLUMNS, RECORD_FILE } from './record.js';
import { PLAIN } from './style.js';
import { renderStatementText } from './text.js';

/** A file of the month folder: its path inside `<out>/<YYYY-MM>/` and its contents, whole or in pieces. */
export interface MonthFile {
  path: string;
  contents: string | Iterable<string>;
}

/** A table of the month folder: its header, and its rows for some statements. */
export interface MonthTable {
  path: string;
  header: string;
  rows(statements: readonly Statement[]): string | Iterable<string>;
}

/**
 * The month folder's tables, with header and rows apart: a month billed a customer at a time writes each
 * header once and every statement's rows after it.
 */
export function monthTables(dialect: CsvDialect = DEFAULT_CSV_DIALECT): MonthTable[] {
  return [
    { path: 'summary.csv', header: csvHeader(SUMMARY_COLUMNS, dialect), rows: (s) => summaryCsvRows(s, dialect) },
    { path: 'invoices.csv', header: csvHeader(INVOICE_COLUMNS, dialect), rows: (s) => invoicesCsvRows(s, dialect) },
    { path: 'lines.csv', header: csvHeader(LINE_COLUMNS, dialect), rows: (s) => linesCsvRows(s, dialect) },
    { path: 'units.csv', header: csvHeader(UNIT_COLUMNS, dialect), rows: (s) => unitsCsvRows(s, dialect) },
    // The record is read back by later runs, not people: always the default dialect.
    { path: RECORD_FILE, header: csvHeader(RECORD_COLUMNS, DEFAULT_CSV_DIALECT), rows: (s) => entriesRecordRows(s) },
  ];
}

/** Per customer, `statements/<customer>.csv` (spreadsheet) and `.txt` (to read or print). */
export function* statementFiles(statements: readonly Statement[], dialect: CsvDialect = DEFAULT_CSV_DIALECT): Generator<MonthFile> {
  for (const statement of statements) {
    const [csv, txt] = statementPaths(statement.customer);
    yield { path: csv, contents: renderStatementCsv(statement, dialect) };
    yield { path: txt, contents: renderStatementText(statement, PLAIN) };
  }
}

/** Where a customer's statement files are in the month folder: the spreadsheet, then the text. */
export function statementPaths(customer: string): [string, string] {
  const base = `statements/${statementBaseName(customer)}`;
  return [`${base}.csv`, `${base}.txt`];
}

