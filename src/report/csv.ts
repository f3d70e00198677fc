import { stringify } from 'csv-stringify/sync';
import type { MonthBill } from '../billing/bill-month.js';
import type { Statement, StatementLine } from '../billing/statement.js';
import type { PricedUnit } from '../billing/price-units.js';
import { formatCsvAmount } from './format.js';

/** `summary.csv` columns (contract: exactly these, in this order). */
export const SUMMARY_COLUMNS = [
  'month', 'customer', 'name', 'tier', 'package_fee', 'topup_blocks', 'topup_fee', 'included_minutes',
  'worked_minutes', 'free_minutes', 'billable_minutes', 'covered_minutes', 'charged_minutes', 'work_amount', 'total_amount',
] as const;

/** `lines.csv` columns: the contract's first twelve, then the figures that reconcile with `units.csv`. */
export const LINE_COLUMNS = [
  'month', 'customer', 'entry_id', 'case_id', 'date', 'start', 'technician', 'role', 'activity', 'class', 'worked_minutes', 'description',
  'end', 'basis', 'free_minutes', 'paid_minutes', 'unit', 'session', 'note',
] as const;

/** `units.csv` columns: one row per rounding unit (case × role), in each customer's draw-down order. */
export const UNIT_COLUMNS = [
  'month', 'customer', 'unit', 'case_id', 'role', 'first_entry_id', 'first_date', 'first_start', 'entries',
  'paid_minutes', 'rounded_minutes', 'covered_minutes', 'charged_minutes', 'hourly_rate', 'amount',
] as const;

type Row<C extends readonly string[]> = Record<C[number], string | number>;

function toCsv<C extends readonly string[]>(columns: C, rows: readonly Row<C>[]): string {
  return stringify([...rows], { header: true, columns: [...columns], eof: true });
}

export function summaryRow(s: Statement): Row<typeof SUMMARY_COLUMNS> {
  return {
    month: s.month,
    customer: s.customer,
    name: s.name,
    tier: s.tier,
    package_fee: formatCsvAmount(s.packageFee),
    topup_blocks: s.topUpBlocks,
    topup_fee: formatCsvAmount(s.topUpFee),
    included_minutes: s.includedMinutes,
    worked_minutes: s.workedMinutes,
    free_minutes: s.freeMinutes,
    billable_minutes: s.billableMinutes,
    covered_minutes: s.coveredMinutes,
    charged_minutes: s.chargedMinutes,
    work_amount: formatCsvAmount(s.workAmount),
    total_amount: formatCsvAmount(s.totalAmount),
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
    activity: e.activity ?? '',
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
  };
}

export function unitRow(s: Statement, unit: PricedUnit): Row<typeof UNIT_COLUMNS> {
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
    hourly_rate: formatCsvAmount(unit.ratePerHour),
    amount: formatCsvAmount(unit.amount),
  };
}

export function renderSummaryCsv(bill: MonthBill): string {
  return toCsv(SUMMARY_COLUMNS, bill.statements.map(summaryRow));
}

export function renderLinesCsv(bill: MonthBill): string {
  return toCsv(LINE_COLUMNS, bill.statements.flatMap((s) => s.lines.map((line) => lineRow(s, line))));
}

export function renderUnitsCsv(bill: MonthBill): string {
  return toCsv(UNIT_COLUMNS, bill.statements.flatMap((s) => s.units.map((unit) => unitRow(s, unit))));
}

/**
 * One customer's statement as a spreadsheet: a block of `item,value` rows (the summary figures), then the
 * itemised lines, then the units, separated by empty rows. Opens in any spreadsheet; readable as text too.
 */
export function renderStatementCsv(s: Statement): string {
  const summary = summaryRow(s);
  const head = stringify([
    ['item', 'value'],
    ...SUMMARY_COLUMNS.map((column) => [column, summary[column]]),
    ['left_minutes', s.leftMinutes],
  ]);
  const lines = toCsv(LINE_COLUMNS, s.lines.map((line) => lineRow(s, line)));
  const units = toCsv(UNIT_COLUMNS, s.units.map((unit) => unitRow(s, unit)));
  return `${head}\n${lines}\n${units}`;
}
