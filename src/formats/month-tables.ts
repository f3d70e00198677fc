// The month folder's tables as a contract: their columns, in order (documented in docs/outputs.md).

/** `summary.csv` columns (contract: exactly these, in this order). */
export const SUMMARY_COLUMNS = [
  'month', 'customer', 'name', 'tier', 'package_fee', 'topup_blocks', 'topup_fee', 'included_minutes',
  'worked_minutes', 'free_minutes', 'billable_minutes', 'covered_minutes', 'charged_minutes', 'work_amount', 'total_amount',
] as const;

/**
 * `lines.csv` columns: the contract's first twelve, then the figures that reconcile with `units.csv`, then the
 * entry's own role, activity, cause and billable as the log had them (empty: not given), where `role` and
 * `activity` say how billing read it. With them `lines.csv` is also the month's record, beside record.bin.
 */
export const LINE_COLUMNS = [
  'month', 'customer', 'entry_id', 'case_id', 'date', 'start', 'technician', 'role', 'activity', 'class', 'worked_minutes', 'description',
  'end', 'basis', 'free_minutes', 'paid_minutes', 'unit', 'session', 'note', 'late', 'log_role', 'log_activity', 'log_cause', 'log_billable',
] as const;

/**
 * How `lines.csv` reads back as the record of what the month billed: which of its columns holds each work-log
 * column. Every entry on a statement, late ones included, is one row, exactly as read from the log.
 */
export const RECORD_COLUMNS_IN_LINES = {
  id: 'entry_id',
  case: 'case_id',
  customer: 'customer',
  date: 'date',
  start: 'start',
  end: 'end',
  minutes: 'worked_minutes',
  technician: 'technician',
  role: 'log_role',
  activity: 'log_activity',
  cause: 'log_cause',
  billable: 'log_billable',
  description: 'description',
} as const satisfies Record<string, (typeof LINE_COLUMNS)[number]>;

/** `units.csv` columns: one row per rounding unit (case × role), in each customer's draw-down order. */
export const UNIT_COLUMNS = [
  'month', 'customer', 'unit', 'case_id', 'role', 'first_entry_id', 'first_date', 'first_start', 'entries',
  'paid_minutes', 'rounded_minutes', 'covered_minutes', 'charged_minutes', 'hourly_rate', 'amount',
] as const;

/**
 * `invoices.csv` columns: one row per statement, the shape an accounting import maps onto an invoice.
 * `invoice_key` is unique per customer and month, so a re-import can recognise rows it has seen; `version` is
 * the month's version and `replaces_version` the one a reissue replaces (empty for version 1), so accounting
 * corrects an invoice instead of adding one (issue 16; months written before have neither column).
 */
export const INVOICE_COLUMNS = [
  'invoice_key', 'customer', 'name', 'period', 'period_start', 'period_end', 'net_amount', 'currency', 'line_count',
  'version', 'replaces_version',
] as const;

/** The month folder's tables, `<name>.csv`. */
export const MONTH_TABLE_NAMES = ['summary', 'invoices', 'lines', 'units'] as const;
export type MonthTableName = (typeof MONTH_TABLE_NAMES)[number];
