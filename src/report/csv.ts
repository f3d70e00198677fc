import { firstDayOfMonth, lastDayOfMonth } from '../billing/month.js';
import type { Statement, StatementLine } from '../billing/statement.js';
import type { PricedUnit } from '../billing/price-units.js';
import type { StatementFigures } from '../billing/statement.js';
import { csvRowChunks, DEFAULT_CSV_DIALECT, stringifyCsv, tableCsv, tableCsvChunks, type CsvDialect } from './csv-dialect.js';
import { formatCsvAmount } from './format.js';

/** `summary.csv` columns (contract: exactly these, in this order). */
export const SUMMARY_COLUMNS = [
  'month', 'customer', 'name', 'tier', 'package_fee', 'topup_blocks', 'topup_fee', 'included_minutes',
  'worked_minutes', 'free_minutes', 'billable_minutes', 'covered_minutes', 'charged_minutes', 'work_amount', 'total_amount',
] as const;

/** `lines.csv` columns: the contract's first twelve, then the figures that reconcile with `units.csv`. */
export const LINE_COLUMNS = [
  'month', 'customer', 'entry_id', 'case_id', 'date', 'start', 'technician', 'role', 'activity', 'class', 'worked_minutes', 'description',
  'end', 'basis', 'free_minutes', 'paid_minutes', 'unit', 'session', 'note', 'late',
] as const;

/** `units.csv` columns: one row per rounding unit (case × role), in each customer's draw-down order. */
export const UNIT_COLUMNS = [
  'month', 'customer', 'unit', 'case_id', 'role', 'first_entry_id', 'first_date', 'first_start', 'entries',
  'paid_minutes', 'rounded_minutes', 'covered_minutes', 'charged_minutes', 'hourly_rate', 'amount',
] as const;

/**
 * `invoices.csv` columns: one row per statement, the shape an accounting import maps onto an invoice.
 * `invoice_key` is unique per customer and month, so a re-import can recognise rows it has seen.
 */
export const INVOICE_COLUMNS = [
  'invoice_key', 'customer', 'name', 'period', 'period_start', 'period_end', 'net_amount', 'currency', 'line_count',
] as const;

type Row<C extends readonly string[]> = Record<C[number], string | number>;

/** What a statement's summary row says: its figures and whose they are (a statement or its outline). */
export type StatementHead = StatementFigures & Pick<Statement, 'month' | 'customer' | 'name' | 'tier'>;

export function summaryRow(s: StatementHead, dialect: CsvDialect): Row<typeof SUMMARY_COLUMNS> {
  return {
    month: s.month,
    customer: s.customer,
    name: s.name,
    tier: s.tier,
    package_fee: formatCsvAmount(s.packageFee, dialect.decimalMark),
    topup_blocks: s.topUpBlocks,
    topup_fee: formatCsvAmount(s.topUpFee, dialect.decimalMark),
    included_minutes: s.includedMinutes,
    worked_minutes: s.workedMinutes,
    free_minutes: s.freeMinutes,
    billable_minutes: s.billableMinutes,
    covered_minutes: s.coveredMinutes,
    charged_minutes: s.chargedMinutes,
    work_amount: formatCsvAmount(s.workAmount, dialect.decimalMark),
    total_amount: formatCsvAmount(s.totalAmount, dialect.decimalMark),
  };
}

export function lineRow(s: Statement, line: StatementLine): Row<typeof LINE_COLUMNS> {
  const e = line.entry;
  return {
    month: s.month,
    customer: s.customer,
    entry_id: e.id,
    case_id: e.caseId ?? '',
    date: e.date,
    start: e.start ?? '',
    technician: e.technician,
    role: line.role,
    activity: line.activity ?? '',
    class: line.class,
    worked_minutes: e.minutes,
    description: e.description,
    end: e.end ?? '',
    basis: line.basis,
    free_minutes: line.freeMinutes,
    paid_minutes: line.paidMinutes,
    unit: line.unitNumber ?? '',
    session: line.session?.ordinal ?? '',
    note: line.note,
    late: line.late ? 'yes' : '',
  };
}

export function unitRow(s: Statement, unit: PricedUnit, dialect: CsvDialect): Row<typeof UNIT_COLUMNS> {
  return {
    month: s.month,
    customer: s.customer,
    unit: unit.number,
    case_id: unit.caseId ?? '',
    role: unit.role,
    first_entry_id: unit.first.id,
    first_date: unit.first.date,
    first_start: unit.first.start ?? '',
    entries: unit.entryIds.length,
    paid_minutes: unit.paidMinutes,
    rounded_minutes: unit.roundedMinutes,
    covered_minutes: unit.coveredMinutes,
    charged_minutes: unit.chargedMinutes,
    hourly_rate: formatCsvAmount(unit.ratePerHour, dialect.decimalMark),
    amount: formatCsvAmount(unit.amount, dialect.decimalMark),
  };
}

export function invoiceRow(s: StatementHead, lineCount: number, dialect: CsvDialect): Row<typeof INVOICE_COLUMNS> {
  return {
    invoice_key: `${s.month}/${s.customer}`,
    customer: s.customer,
    name: s.name,
    period: s.month,
    period_start: firstDayOfMonth(s.month),
    period_end: lastDayOfMonth(s.month),
    net_amount: formatCsvAmount(s.totalAmount, dialect.decimalMark),
    currency: 'CZK',
    line_count: lineCount,
  };
}

export function renderSummaryCsv(statements: readonly Statement[], dialect: CsvDialect = DEFAULT_CSV_DIALECT): string {
  return tableCsv(SUMMARY_COLUMNS, statements.map((s) => summaryRow(s, dialect)), dialect);
}

/** `lines.csv`, in pieces (a row per entry of the month). */
export function renderLinesCsv(statements: readonly Statement[], dialect: CsvDialect = DEFAULT_CSV_DIALECT): Iterable<string> {
  return tableCsvChunks(LINE_COLUMNS, lineRows(statements), dialect);
}

/** `units.csv`, in pieces. */
export function renderUnitsCsv(statements: readonly Statement[], dialect: CsvDialect = DEFAULT_CSV_DIALECT): Iterable<string> {
  return tableCsvChunks(UNIT_COLUMNS, unitRows(statements, dialect), dialect);
}

/** The rows of `lines.csv` for these statements, without the header. */
export function linesCsvRows(statements: readonly Statement[], dialect: CsvDialect): Iterable<string> {
  return csvRowChunks(LINE_COLUMNS, lineRows(statements), dialect);
}

/** The rows of `units.csv` for these statements, without the header. */
export function unitsCsvRows(statements: readonly Statement[], dialect: CsvDialect): Iterable<string> {
  return csvRowChunks(UNIT_COLUMNS, unitRows(statements, dialect), dialect);
}

/** The rows of `summary.csv` / `invoices.csv` for these statements, without the header. */
export function summaryCsvRows(statements: readonly Statement[], dialect: CsvDialect): string {
  return [...csvRowChunks(SUMMARY_COLUMNS, statements.map((s) => summaryRow(s, dialect)), dialect)].join('');
}

export function invoicesCsvRows(statements: readonly Statement[], dialect: CsvDialect): string {
  return [...csvRowChunks(INVOICE_COLUMNS, statements.map((s) => invoiceRow(s, s.lines.length, dialect)), dialect)].join('');
}

function* lineRows(statements: readonly Statement[]): Generator<Row<typeof LINE_COLUMNS>> {
  for (const s of statements) for (const line of s.lines) yield lineRow(s, line);
}

function* unitRows(statements: readonly Statement[], dialect: CsvDialect): Generator<Row<typeof UNIT_COLUMNS>> {
  for (const s of statements) for (const unit of s.units) yield unitRow(s, unit, dialect);
}

/**
 * One customer's statement as a spreadsheet: a block of `item,value` rows (the summary figures), then the
 * itemised lines, then the units, separated by empty rows. Opens in any spreadsheet; readable as text too.
 */
export function renderStatementCsv(s: Statement, dialect: CsvDialect = DEFAULT_CSV_DIALECT): string {
  const summary = summaryRow(s, dialect);
  const head = stringifyCsv(
    [['item', 'value'], ...SUMMARY_COLUMNS.map((column) => [column, summary[column]]), ['left_minutes', s.leftMinutes]],
    dialect,
  );
  // One byte-order mark at the very start of the file, none before the later blocks.
  const lines = tableCsv(LINE_COLUMNS, s.lines.map((line) => lineRow(s, line)), dialect, false);
  const units = tableCsv(UNIT_COLUMNS, s.units.map((unit) => unitRow(s, unit, dialect)), dialect, false);
  return `${head}${dialect.recordDelimiter}${lines}${dialect.recordDelimiter}${units}`;
}
