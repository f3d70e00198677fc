import type { Statement } from '../billing/statement.js';
import { invoicesCsvRows, linesCsvRows, summaryCsvRows, unitsCsvRows, type MonthVersion } from './csv.js';
import { csvHeader, DEFAULT_CSV_DIALECT, type CsvDialect } from '../formats/csv-dialect.js';
import { INVOICE_COLUMNS, LINE_COLUMNS, SUMMARY_COLUMNS, UNIT_COLUMNS } from '../formats/month-tables.js';
import { statementBaseName } from './file-names.js';
import { PLAIN } from './style.js';
import { activityNameIn, renderStatementText } from './text.js';
import type { PriceList } from '../billing/price-list.js';
import type { TopUpAdvice } from '../billing/top-up-advice.js';
import { rowInForce, type CustomerBook } from '../billing/tiers.js';
import type { StatementDocument, Supplier } from '../formats/statement-document.js';
import { invoiceKey } from './csv.js';
import { statementDocument } from './statement-document.js';

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
 * The month folder's tables (documented in docs/outputs.md), with header and rows apart: a month billed a
 * customer at a time writes each header once and every statement's rows after it. `lines.csv` is also the
 * month's record, which later runs read back.
 */
export function monthTables(dialect: CsvDialect = DEFAULT_CSV_DIALECT, version: MonthVersion = { version: 1, replaces: null }): MonthTable[] {
  return [
    { path: 'summary.csv', header: csvHeader(SUMMARY_COLUMNS, dialect), rows: (s) => summaryCsvRows(s, dialect) },
    { path: 'invoices.csv', header: csvHeader(INVOICE_COLUMNS, dialect), rows: (s) => invoicesCsvRows(s, dialect, version) },
    { path: 'lines.csv', header: csvHeader(LINE_COLUMNS, dialect), rows: (s) => linesCsvRows(s, dialect) },
    { path: 'units.csv', header: csvHeader(UNIT_COLUMNS, dialect), rows: (s) => unitsCsvRows(s, dialect) },
  ];
}

/** Per customer, `statements/<customer>.txt`, to read or print; `lines.csv` and `units.csv` are its spreadsheet view. */
export function statementFile(statement: Statement, priceList: PriceList): MonthFile {
  return { path: `statements/${statementBaseName(statement.customer)}.txt`, contents: renderStatementText(statement, PLAIN, activityNameIn(priceList)) };
}

/**
 * A statement's own files, the costly part of writing a month (bench/RESULTS.md): its `.txt` and its line of
 * documents.jsonl. Made the same way on this thread or on another one that bills the month beside it.
 */
export interface StatementOutputs {
  text: string;
  documentLine: string;
}

/** What makes each statement's outputs for a month (its document too, for the PDF). */
export function statementOutputs(
  month: string,
  priceList: PriceList,
  supplier: Supplier,
  customers: CustomerBook,
): (statement: Statement, advice: TopUpAdvice | null) => StatementOutputs & { document: StatementDocument } {
  return (statement, advice) => {
    const document = statementDocument({
      statement,
      row: rowInForce(customers.get(statement.customer) ?? [], month),
      supplier,
      priceList,
      invoiceKey: invoiceKey(month, statement.customer),
      topUpAdvice: advice,
    });
    return {
      text: renderStatementText(statement, PLAIN, activityNameIn(priceList)),
      document,
      documentLine: `${JSON.stringify(document)}\n`,
    };
  };
}
