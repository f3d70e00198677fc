import { billMonth, type MonthBill } from '../../src/billing/bill-month.js';
import type { UnresolvedTreatment } from '../../src/billing/classify.js';
import type { Decision } from '../../src/billing/decisions.js';
import type { Issue } from '../../src/billing/issue.js';
import { DEFAULT_PRICE_LIST, type PriceList } from '../../src/billing/price-list.js';
import type { Statement } from '../../src/billing/statement.js';
import type { CustomerRow, Entry, Tier, TopUp } from '../../src/billing/types.js';

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

/** Bill a month; by default C1 is a STANDARD customer. */
export function bill(args: BillArgs): { bill: MonthBill | null; issues: Issue[] } {
  const result = billMonth(
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
