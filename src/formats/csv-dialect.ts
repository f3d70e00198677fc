/**
 * How the month's CSV files are spelled. The content is the same in every dialect; only separators, the
 * decimal mark, line ends and the byte-order mark differ (documented in docs/outputs.md).
 *
 * - `rfc4180` (default): comma, decimal point, LF, UTF-8 without BOM: what import scripts and most tools expect.
 * - `excel-cs`: semicolon, decimal comma, CRLF, UTF-8 *with* BOM. Czech Excel splits a double-clicked CSV on
 *   the list separator of the Czech locale (`;`) and decodes it as UTF-8 only when the file starts with a BOM;
 *   without one it assumes Windows-1250 and garbles č, ř, ž.
 */
export type CsvDialectName = 'rfc4180' | 'excel-cs';

export interface CsvDialect {
  name: CsvDialectName;
  delimiter: ',' | ';';
  decimalMark: '.' | ',';
  recordDelimiter: '\n' | '\r\n';
  bom: boolean;
}

export const CSV_DIALECTS = {
  rfc4180: { name: 'rfc4180', delimiter: ',', decimalMark: '.', recordDelimiter: '\n', bom: false },
  'excel-cs': { name: 'excel-cs', delimiter: ';', decimalMark: ',', recordDelimiter: '\r\n', bom: true },
} as const satisfies Record<CsvDialectName, CsvDialect>;

export const CSV_DIALECT_NAMES = ['rfc4180', 'excel-cs'] as const satisfies readonly CsvDialectName[];
export const DEFAULT_CSV_DIALECT: CsvDialect = CSV_DIALECTS.rfc4180;

/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide one): `=`, `+`, `-`,
 * `@`, tab, carriage return (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A value already neutralised, or one that would look neutralised: quotes followed by a formula start. */
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r]/;
/** First characters of values that may need the apostrophe: the formula starts and the apostrophe itself. */
const MAY_NEED_APOSTROPHE = new Set([...`=+-@\t\r'`].map((c) => c.charCodeAt(0)));

/**
 * Neutralise a text value for a spreadsheet: a value that could start a formula gets a leading apostrophe, so
 * Excel and LibreOffice show it as text and never evaluate it. Values that already begin with apostrophes
 * before such a character get one more, which keeps the change reversible (see `restoreNeutralised`).
 * Numbers are written as numbers and never touched; no amount or count the tool writes is negative.
 */
export function neutraliseFormula(value: string): string {
  if (!MAY_NEED_APOSTROPHE.has(value.charCodeAt(0))) return value; // most values: one look at the first character
  return FORMULA_START.test(value) || QUOTED_FORMULA_START.test(value) ? `'${value}` : value;
}

/** The exact inverse of `neutraliseFormula`, for reading back files this tool wrote (the entries record). */
export function restoreNeutralised(value: string): string {
  return QUOTED_FORMULA_START.test(value) ? value.slice(1) : value;
}

/**
 * Rows of cells to CSV text in a dialect; every text cell is neutralised. A value is quoted when it holds the
 * separator, a double quote or any line break (CR or LF), and its quotes are doubled (RFC 4180); numbers are
 * written as they are. Written out here rather than through csv-stringify: with the options this tool used,
 * csv-stringify left a lone LF unquoted in excel-cs files (and a lone CR in rfc4180 ones), which readers then
 * take for a line end; and on a million-line month its per-field generality cost more than the rest of the
 * writing (bench/RESULTS.md). A property test checks the output against csv-stringify with
 * `quote_record_delimiter: true`, and that csv-parse reads every cell back.
 */
export function stringifyCsv(rows: readonly (readonly (string | number)[])[], dialect: CsvDialect, withBom = dialect.bom): string {
  const needsQuotes = dialect.delimiter === ',' ? /[",\n\r]/ : /[";\n\r]/;
  const records = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let record = '';
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      if (i > 0) record += dialect.delimiter;
      if (typeof cell === 'number') {
        record += String(cell);
        continue;
      }
      const text = neutraliseFormula(cell);
      record += needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    }
    records[r] = record;
  }
  const body = records.length === 0 ? '' : records.join(dialect.recordDelimiter) + dialect.recordDelimiter;
  return (withBom ? '\ufeff' : '') + body;
}

/** A table's header row, with the dialect's byte-order mark in front when it is the start of a file. */
export function csvHeader(columns: readonly string[], dialect: CsvDialect, withBom = dialect.bom): string {
  return stringifyCsv([columns], dialect, withBom);
}

/**
 * A table's rows without the header, in pieces of `batch` records: a month's lines file has a row per entry,
 * more than is sensible to hold as one string (and building it as one cost more than writing it). A month
 * billed a customer at a time writes the header once and each statement's rows after it.
 */
export function* csvRowChunks<C extends readonly string[]>(
  columns: C,
  rows: Iterable<Record<C[number], string | number>>,
  dialect: CsvDialect,
  batch = 2000,
): Generator<string> {
  let pending: (readonly (string | number)[])[] = [];
  for (const row of rows) {
    pending.push(columns.map((column: C[number]) => row[column]));
    if (pending.length >= batch) {
      yield stringifyCsv(pending, dialect, false);
      pending = [];
    }
  }
  if (pending.length > 0) yield stringifyCsv(pending, dialect, false);
}

/** The same text as `tableCsv`, in pieces: the header, then the rows `batch` at a time. */
export function* tableCsvChunks<C extends readonly string[]>(
  columns: C,
  rows: Iterable<Record<C[number], string | number>>,
  dialect: CsvDialect,
  withBom = dialect.bom,
  batch = 2000,
): Generator<string> {
  yield csvHeader(columns, dialect, withBom);
  yield* csvRowChunks(columns, rows, dialect, batch);
}

/** A table with a header row to CSV text; `columns` fixes the order and the header names (the contract). */
export function tableCsv<C extends readonly string[]>(
  columns: C,
  rows: readonly Record<C[number], string | number>[],
  dialect: CsvDialect,
  withBom = dialect.bom,
): string {
  return stringifyCsv([columns, ...rows.map((row) => columns.map((column: C[number]) => row[column]))], dialect, withBom);
}
