import { billMonth, type BillingInput, type MonthBill } from '../../src/billing/bill-month.js';
import { recordsNeeded } from '../../src/billing/billed-once.js';
import { recordEncoder } from '../../src/formats/record.js';
import { readRecordBin } from '../../src/io/read-record.js';
import { BILLABLE, CAUSES, EntryTable, NONE } from '../../src/billing/entry-table.js';
import type { UnresolvedTreatment } from '../../src/billing/classify.js';
import type { Decision } from '../../src/billing/decisions.js';
import type { Checked, Issue } from '../../src/billing/issue.js';
import { DEFAULT_PRICE_LIST, type PriceList } from '../../src/billing/price-list.js';
import type { Statement } from '../../src/billing/statement.js';
import { ROLES, type CustomerRow, type Entry, type Tier, type TopUp } from '../../src/billing/types.js';

let line = 1;

/** An entry with plain defaults: customer C1, case T1, a 10-minute technician configuration on 2024-05-02. */
export function entry(fields: Partial<Entry> & { id: string }): Entry {
  line += 1;
  return {
    caseId: 'T1',
    customer: 'C1',
    date: '2024-05-02',
    start: '09:00',
    end: null,
    minutes: 10,
    technician: 'Jan Novák',
    role: null,
    activity: 'configuration',
    cause: null,
    billable: null,
    description: '',
    source: { file: 'work-log.csv', line },
    ...fields,
  };
}

export function customer(id: string, tier: Tier, validFrom: string | null = null, name = `Customer ${id}`): CustomerRow {
  line += 1;
  return { customer: id, name, tier, validFrom, source: { file: 'customers.csv', line } };
}

export function topUp(customerId: string, month: string, blocks: number): TopUp {
  line += 1;
  return { customer: customerId, month, blocks, source: { file: 'topups.csv', line } };
}

export interface BillArgs {
  entries: Entry[];
  customers?: CustomerRow[];
  topUps?: TopUp[];
  month?: string;
  priceList?: PriceList;
  treatUnresolved?: UnresolvedTreatment;
  decisions?: Decision[];
}

/** A bill with every statement whole, as the tests look at them (the CLI writes each and lets it go). */
export type BilledMonth = Omit<MonthBill, 'statements'> & { statements: Statement[] };

/** A closed month as the tests give it: the entries it billed (what its record lists). */
export interface ClosedMonth {
  month: string;
  entries: readonly Entry[];
}

/** Entries as columns, the way the reader keeps them. */
export function tableOf(entries: readonly Entry[], month?: (entry: Entry) => number): EntryTable {
  const table = new EntryTable();
  for (const e of entries) addEntry(table, e, month?.(e) ?? NONE);
  return table;
}

/** One entry given as an object, coded into the table's columns as the reader codes a row. */
export function addEntry(table: EntryTable, e: Entry, month: number): number {
  return table.addCodes({
    id: e.id,
    customer: table.customers.number(e.customer),
    case: e.caseId === null ? NONE : table.cases.number(e.caseId),
    day: table.days.number(e.date),
    start: e.start === null ? NONE : table.times.number(e.start),
    end: e.end === null ? NONE : table.times.number(e.end),
    minutes: e.minutes,
    technician: table.words.number(e.technician),
    activity: e.activity === null ? NONE : table.words.number(e.activity),
    role: e.role === null ? NONE : ROLES.indexOf(e.role),
    cause: e.cause === null ? NONE : CAUSES.indexOf(e.cause),
    billable: e.billable === null ? NONE : BILLABLE.indexOf(e.billable),
    file: table.words.number(e.source.file),
    line: e.source.line,
    month,
    description: e.description,
  });
}

/**
 * `billMonth` on entries given as objects: the log and the closed months' records are put into columns first,
 * as the CLI reads them (keeping the records `recordsNeeded` keeps), and every statement is collected.
 * `records: 'all'` keeps every record instead.
 */
export function billEntries(
  input: Omit<BillingInput, 'log' | 'records' | 'closedMonths'> & { entries: readonly Entry[]; closedMonths?: readonly ClosedMonth[]; records?: 'needed' | 'all' },
  priceList: PriceList,
): Checked<BilledMonth | null> {
  const { entries, closedMonths = [], records: which = 'needed', ...rest } = input;
  const log = tableOf(entries);
  const records = new EntryTable();
  // Each closed month's record goes through record.bin, written and read back as the CLI does.
  const keep = which === 'all' ? undefined : recordsNeeded(log, rest.month, priceList, new Set((rest.decisions ?? []).map((d) => d.entryId)));
  closedMonths.forEach((closed, n) => {
    const encoder = recordEncoder();
    const head = encoder.start();
    closed.entries.forEach((e, line) => encoder.entry(e, line + 2));
    const bin = Buffer.concat([head, encoder.take()]);
    const read = readRecordBin(bin, `out/${closed.month}/record.bin`, `out/${closed.month}/lines.csv`, records, n, keep);
    if (read.problems.length > 0) throw new Error(read.problems.join('; '));
  });
  const statements: Statement[] = [];
  const billed = billMonth({ ...rest, log, records, closedMonths: closedMonths.map((c) => c.month) }, priceList, (s) => statements.push(s));
  return { value: billed.value && { ...billed.value, statements }, issues: billed.issues };
}

/** Bill a month; by default C1 is a STANDARD customer. */
export function bill(args: BillArgs): { bill: BilledMonth | null; issues: Issue[] } {
  const result = billEntries(
    {
      month: args.month ?? '2024-05',
      entries: args.entries,
      customers: args.customers ?? [customer('C1', 'STANDARD')],
      topUps: args.topUps ?? [],
      treatUnresolved: args.treatUnresolved ?? null,
      decisions: args.decisions ?? [],
    },
    args.priceList ?? DEFAULT_PRICE_LIST,
  );
  return { bill: result.value, issues: result.issues };
}

/** Bill a month that must succeed, and return one customer's statement. */
export function statementOf(args: BillArgs, customerId = 'C1'): Statement {
  const result = bill(args);
  if (!result.bill) throw new Error(`expected a bill, got issues: ${result.issues.map((i) => i.message).join('; ')}`);
  const statement = result.bill.statements.find((s) => s.customer === customerId);
  if (!statement) throw new Error(`no statement for ${customerId}`);
  return statement;
}

/** Line of an entry on a statement, by entry id. */
export function lineOf(statement: Statement, entryId: string) {
  const found = statement.lines.find((l) => l.entry.id === entryId);
  if (!found) throw new Error(`no line for ${entryId}`);
  return found;
}
