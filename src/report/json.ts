import type { Statement, StatementFigures } from '../billing/statement.js';

/** Identifies the shape of `--json` output; bump the number when a field changes meaning or disappears. */
export const JSON_SCHEMA = 'ipex-bill/month-bill@1';

/** A statement's or the month's figures in JSON: money in haléře, time in minutes. */
export function figuresJson(f: StatementFigures) {
  return {
    package_fee_haler: f.packageFee,
    topup_blocks: f.topUpBlocks,
    topup_fee_haler: f.topUpFee,
    included_minutes: f.includedMinutes,
    worked_minutes: f.workedMinutes,
    free_minutes: f.freeMinutes,
    billable_minutes: f.billableMinutes,
    covered_minutes: f.coveredMinutes,
    charged_minutes: f.chargedMinutes,
    work_amount_haler: f.workAmount,
    total_amount_haler: f.totalAmount,
  };
}

/**
 * The month's bill as JSON (documented in the README; money in integer haléře, time in integer minutes), a
 * statement at a time: a month of a million entries is more JSON than one string may hold, so the bill's hash
 * and `--json` output are fed from these chunks. Joined, they are `JSON.stringify(bill, null, 2)`.
 */
export function* billJsonChunks(month: string, totals: StatementFigures, count: number, statements: Iterable<Statement>): Generator<string> {
  yield billJsonHead(month, totals, count);
  let first = true;
  for (const statement of statements) {
    yield statementJsonChunk(statement, first);
    first = false;
  }
  yield billJsonTail(count);
}

/**
 * The bill's JSON up to its first statement. It needs the month's totals, so a month billed a customer at a
 * time is billed again to render its statements' chunks once the totals are known.
 */
function billJsonHead(month: string, totals: StatementFigures, statementCount: number): string {
  const head = JSON.stringify({ schema: JSON_SCHEMA, month, totals: figuresJson(totals), statements: [] }, null, 2);
  // `"statements": []\n}` is the end of the head: open the array there and write each statement indented.
  return statementCount === 0 ? `${head}\n` : `${head.slice(0, -'[]\n}'.length)}[\n`;
}

/** One statement of the bill's JSON, indented as in the whole document; `first` is the array's first element. */
function statementJsonChunk(statement: Statement, first: boolean): string {
  const nested = JSON.stringify({ statements: [statementJson(statement)] }, null, 2);
  return `${first ? '' : ',\n'}${nested.slice(NESTED_START.length, -NESTED_END.length)}`;
}

function billJsonTail(statementCount: number): string {
  return statementCount === 0 ? '' : '\n  ]\n}\n';
}

const NESTED_START = '{\n  "statements": [\n';
const NESTED_END = '\n  ]\n}';

function statementJson(s: Statement) {
  return {
    customer: s.customer,
    name: s.name,
    tier: s.tier,
    ...figuresJson(s),
    left_minutes: s.leftMinutes,
    lines: s.lines.map((line) => ({
      entry_id: line.entry.id,
      case_id: line.entry.caseId,
      date: line.entry.date,
      start: line.entry.start,
      end: line.entry.end,
      technician: line.entry.technician,
      role: line.role,
      activity: line.activity,
      description: line.entry.description,
      class: line.class,
      basis: line.basis,
      worked_minutes: line.entry.minutes,
      free_minutes: line.freeMinutes,
      paid_minutes: line.paidMinutes,
      unit: line.unitNumber,
      session: line.session?.ordinal ?? null,
      late: line.late,
      note: line.note,
    })),
    units: s.units.map((u) => ({
      unit: u.number,
      case_id: u.caseId,
      role: u.role,
      first_entry_id: u.first.id,
      first_date: u.first.date,
      first_start: u.first.start,
      entry_ids: u.entryIds,
      paid_minutes: u.paidMinutes,
      rounded_minutes: u.roundedMinutes,
      covered_minutes: u.coveredMinutes,
      charged_minutes: u.chargedMinutes,
      hourly_rate_haler: u.ratePerHour,
      amount_haler: u.amount,
    })),
    sessions: s.sessions.map((session) => ({
      case_id: session.caseId,
      ordinal: session.ordinal,
      per_year: session.perYear,
      started_on: session.startedOn,
      allowance_minutes: session.allowanceMinutes,
      free_minutes: session.freeMinutes,
      paid_minutes: session.paidMinutes,
    })),
  };
}
