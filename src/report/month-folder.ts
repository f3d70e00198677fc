import type { Statement } from '../billing/statement.js';
import { invoicesCsvRows, linesCsvRows, summaryCsvRows, unitsCsvRows, type MonthVersion } from './csv.js';
import { csvHeader, DEFAULT_CSV_DIALECT, type CsvDialect } from '../formats/csv-dialect.js';
import { INVOICE_COLUMNS, LINE_COLUMNS, SUMMARY_COLUMNS, UNIT_COLUMNS } from '../formats/month-tables.js';
import { PLAIN } from './style.js';
import { activityNameIn, renderStatementText } from './text.js';
import type { PriceList } from '../billing/price-list.js';
import type { TopUpAdvice } from '../billing/top-up-advice.js';
import { rowInForce, type CustomerBook } from '../billing/tiers.js';
import { documentJson, type StatementDocument, type Supplier } from '../formats/statement-document.js';
import { invoiceKey } from './csv.js';
import { statementDocument } from './statement-document.js';
import { BILL_FILES } from '../formats/manifest.js';
import { lineSpans } from './record.js';

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

/**
 * What a statement adds to its month's folder, as texts in this order: its rows of each table (summary,
 * invoices, lines, units; `monthTables`), its `.txt` and its line of documents.jsonl. Made the same way on
 * this thread or on the one beside it.
 */
export const OUTPUT_TEXTS = ['summary', 'invoices', 'lines', 'units', 'text', 'documentLine'] as const;
export const STATEMENT_TEXT = OUTPUT_TEXTS.indexOf('text');
export const DOCUMENT_LINE = OUTPUT_TEXTS.indexOf('documentLine');

export interface StatementOutputs {
  /**
   * `OUTPUT_TEXTS`, or only its rows of the bill's tables (a closed month compared, not written: the rows of
   * `BILL_FILES`, in that order, for the bill's hash).
   */
  texts: string[];
  /** How many lines of lines.csv each of its lines takes (record.bin lists them by line). */
  lineSpans: Int32Array;
}

/** A table's rows for one statement, as one text. */
function rowsOf(table: MonthTable, statement: Statement): string {
  const made = table.rows([statement]);
  return typeof made === 'string' ? made : [...made].join('');
}

/**
 * Of the month's tables, those that are its bill (`BILL_FILES`, in that order; manifest@6 hashes them): their
 * headers, and a statement's rows of each.
 */
export function billTables(tables: readonly MonthTable[]): { headers: string[]; rows(statement: Statement): string[] } {
  const bill = BILL_FILES.map((file) => tables.find((table) => table.path === file)!);
  return { headers: bill.map((table) => table.header), rows: (statement) => bill.map((table) => rowsOf(table, statement)) };
}

/** What makes each statement's outputs for a month; `document` also gives the statement's document (for its PDF). */
export function statementOutputs(
  month: string,
  priceList: PriceList,
  supplier: Supplier,
  customers: CustomerBook,
  tables: readonly MonthTable[],
): (statement: Statement, advice: TopUpAdvice | null, only: 'hash' | 'files') => StatementOutputs & { document: StatementDocument | null } {
  const bill = billTables(tables);
  return (statement, advice, only) => {
    if (only === 'hash') return { texts: bill.rows(statement), lineSpans: new Int32Array(0), document: null };
    const document = statementDocument({
      statement,
      row: rowInForce(customers.get(statement.customer) ?? [], month),
      supplier,
      priceList,
      invoiceKey: invoiceKey(month, statement.customer),
      topUpAdvice: advice,
    });
    const rows = tables.map((table) => rowsOf(table, statement));
    const lines = rows[OUTPUT_TEXTS.indexOf('lines')]!;
    return {
      texts: [...rows, renderStatementText(statement, PLAIN, activityNameIn(priceList)), `${documentJson(document)}\n`],
      // Rows with no line break inside their values (nearly all) take one line each: then lines.csv's text
      // for the statement has one line feed a row.
      lineSpans: lineFeeds(lines) === statement.lines.length ? new Int32Array(statement.lines.length).fill(1) : lineSpans(statement),
      document,
    };
  };
}

function lineFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
