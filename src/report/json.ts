import type { Statement, StatementFigures } from '../billing/statement.js';
import type { TopUpAdvice } from '../billing/top-up-advice.js';

/**
 * Identifies the shape of `--json` output; bump the number when a field changes meaning or disappears. @2 puts
 * the month's totals after the statements (@1 had them first), so the bill can be written and hashed while it
 * is billed, a statement at a time.
 */
export const JSON_SCHEMA = 'ipex-bill/month-bill@2';
const JSON_SCHEMA_V1 = 'ipex-bill/month-bill@1';

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
 * The month's bill as JSON (documented in the README; money in integer haléře, time in integer minutes), a piece
 * at a time: `head` first, each statement as it is billed, `tail` with the totals once all are. Joined, the
 * pieces are `JSON.stringify(bill, null, 2)` plus a line feed (`indented`, what `--json` prints), or
 * `JSON.stringify(bill)` (`compact`, what the bill's hash of manifest@5 was taken over, made again to compare
 * with a month it closed). A month of a million entries is more JSON than one string may hold, so `--json` and
 * that hash are fed from the pieces.
 */
export function billJsonWriter(
  month: string,
  advice: ((s: Statement) => TopUpAdvice | null) | null,
  layout: 'indented' | 'compact' = 'indented',
): { head: string; statement(s: Statement): string; tail(totals: StatementFigures): string } {
  let count = 0;
  // `advice` null: the bill as months of manifest@2 and @3 hashed it, without the advice (issue 16).
  const json = (statement: Statement) => (advice === null ? statementJson(statement) : withAdvice(statement, advice(statement)));
  if (layout === 'compact') {
    return {
      head: `{"schema":${JSON.stringify(JSON_SCHEMA)},"month":${JSON.stringify(month)},"statements":[`,
      statement: (statement) => `${count++ === 0 ? '' : ','}${JSON.stringify(json(statement))}`,
      tail: (totals) => `],"totals":${JSON.stringify(figuresJson(totals))}}`,
    };
  }
  return {
    head: `{\n  "schema": ${JSON.stringify(JSON_SCHEMA)},\n  "month": ${JSON.stringify(month)},\n  "statements": [`,
    statement: (statement) => `${count++ === 0 ? '\n' : ',\n'}${indented(json(statement))}`,
    tail(totals) {
      const end = JSON.stringify({ totals: figuresJson(totals) }, null, 2);
      return `${count === 0 ? '' : '\n  '}],\n${end.slice('{\n'.length)}\n`;
    },
  };
}

/**
 * The bill as the first version wrote it (`ipex-bill/month-bill@1`, totals first), only to compare a month
 * closed by it with a new run: its manifest holds the hash of this text.
 */
export function* billJsonChunksV1(month: string, totals: StatementFigures, count: number, statements: Iterable<Statement>): Generator<string> {
  const head = JSON.stringify({ schema: JSON_SCHEMA_V1, month, totals: figuresJson(totals), statements: [] }, null, 2);
  // `"statements": []\n}` is the end of the head: open the array there and write each statement indented.
  yield count === 0 ? `${head}\n` : `${head.slice(0, -'[]\n}'.length)}[\n`;
  let first = true;
  for (const statement of statements) {
    yield `${first ? '' : ',\n'}${indented(statementJson(statement))}`;
    first = false;
  }
  yield count === 0 ? '' : '\n  ]\n}\n';
}

function withAdvice(statement: Statement, advice: TopUpAdvice | null) {
  return { ...statementJson(statement), top_up_advice: adviceJson(advice) };
}

/** What one more top-up block would have saved (R8, issue 16), or null. */
function adviceJson(advice: TopUpAdvice | null) {
  return advice && { blocks: 1, price_haler: advice.price, minutes: advice.minutes, saving_haler: advice.saving };
}

/** One statement as an element of the top-level `statements` array, indented as in the whole document. */
function indented(statement: object): string {
  const nested = JSON.stringify({ statements: [statement] }, null, 2);
  return nested.slice(NESTED_START.length, -NESTED_END.length);
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
