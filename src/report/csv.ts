import { firstDayOfMonth, lastDayOfMonth } from '../billing/month.js';
import type { Statement, StatementLine } from '../billing/statement.js';
import type { PricedUnit } from '../billing/price-units.js';
import type { StatementFigures } from '../billing/statement.js';
import { csvRowChunks, DEFAULT_CSV_DIALECT, tableCsv, tableCsvChunks, type CsvDialect } from '../formats/csv-dialect.js';
import { formatCsvAmount } from './format.js';
import { INVOICE_COLUMNS, LINE_COLUMNS, SUMMARY_COLUMNS, UNIT_COLUMNS } from '../formats/month-tables.js';

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
    log_role: e.role ?? '',
    log_activity: e.activity ?? '',
    log_cause: e.cause ?? '',
    log_billable: e.billable === null ? '' : e.billable ? 'yes' : 'no',
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

/** `invoices.csv`'s key of a customer's invoice for a month; the statement document shows it too. */
export function invoiceKey(month: string, customer: string): string {
  return `${month}/${customer}`;
}

/** Which version of the month a file belongs to, and the one it replaces (null: the first). */
export interface MonthVersion {
  version: number;
  replaces: number | null;
}

export function invoiceRow(s: StatementHead, lineCount: number, dialect: CsvDialect, version: MonthVersion): Row<typeof INVOICE_COLUMNS> {
  return {
    invoice_key: invoiceKey(s.month, s.customer),
    customer: s.customer,
    name: s.name,
    period: s.month,
    period_start: firstDayOfMonth(s.month),
    period_end: lastDayOfMonth(s.month),
    net_amount: formatCsvAmount(s.totalAmount, dialect.decimalMark),
    currency: 'CZK',
    line_count: lineCount,
    version: version.version,
    replaces_version: version.replaces ?? '',
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

export function invoicesCsvRows(statements: readonly Statement[], dialect: CsvDialect, version: MonthVersion): string {
  return [...csvRowChunks(INVOICE_COLUMNS, statements.map((s) => invoiceRow(s, s.lines.length, dialect, version)), dialect)].join('');
}

function* lineRows(statements: readonly Statement[]): Generator<Row<typeof LINE_COLUMNS>> {
  for (const s of statements) for (const line of s.lines) yield lineRow(s, line);
}

function* unitRows(statements: readonly Statement[], dialect: CsvDialect): Generator<Row<typeof UNIT_COLUMNS>> {
  for (const s of statements) for (const unit of s.units) yield unitRow(s, unit, dialect);
}
