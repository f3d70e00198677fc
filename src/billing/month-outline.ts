import type { EntryCounts, MonthBill } from './bill-month.js';
import type { AlteredAfterBilling } from './closed-months.js';
import type { Decision } from './decisions.js';
import { sumFigures, type Statement, type StatementFigures } from './statement.js';
import type { BillingMonth, Entry } from './types.js';

/** What the month's summary, `invoices.csv` and the manifest say about one statement: no itemised lines. */
export interface StatementOutline extends StatementFigures {
  month: BillingMonth;
  customer: string;
  name: string;
  tier: Statement['tier'];
  leftMinutes: number;
  /** Lines on the statement, and how many of them have paid minutes. */
  lineCount: number;
  paidLineCount: number;
}

/**
 * A month's bill without its statements' lines and units: small enough to keep for a month of any size while
 * the lines are rendered and let go a group of customers at a time (issue 6).
 */
export interface MonthOutline {
  month: BillingMonth;
  statements: StatementOutline[];
  totals: StatementFigures;
  entryCounts: EntryCounts;
  /** Entries billed this month although dated in an earlier closed month (R14), in statement order. */
  lateEntries: Entry[];
  alteredAfterBilling: AlteredAfterBilling[];
  unusedDecisions: Decision[];
}

export function outlineStatement(s: Statement): StatementOutline {
  const { lines, units: _units, sessions: _sessions, sessionsThisYear: _year, ...figures } = s;
  let paid = 0;
  for (const line of lines) if (line.paidMinutes > 0) paid++;
  return { ...figures, lineCount: lines.length, paidLineCount: paid };
}

export function outlineOf(bill: MonthBill): MonthOutline {
  return {
    month: bill.month,
    statements: bill.statements.map(outlineStatement),
    totals: bill.totals,
    entryCounts: bill.entryCounts,
    lateEntries: bill.statements.flatMap((s) => s.lines.filter((l) => l.late).map((l) => l.entry)),
    alteredAfterBilling: bill.alteredAfterBilling,
    unusedDecisions: bill.unusedDecisions,
  };
}

/**
 * The outline of a month billed in groups of customers (in customer order): statements one after the other,
 * counts added up; a decision is unused only when no group used it (each entry is in one group).
 */
export function joinOutlines(month: BillingMonth, parts: readonly MonthOutline[]): MonthOutline {
  const statements = parts.flatMap((p) => p.statements);
  const unusedIn = new Map<Decision, number>();
  for (const part of parts) for (const d of part.unusedDecisions) unusedIn.set(d, (unusedIn.get(d) ?? 0) + 1);
  const counts = (key: keyof EntryCounts) => parts.reduce((sum, p) => sum + p.entryCounts[key], 0);
  return {
    month,
    statements,
    totals: sumFigures(statements),
    entryCounts: {
      read: counts('read'),
      month: counts('month'),
      late: counts('late'),
      alreadyBilled: counts('alreadyBilled'),
      earlier: counts('earlier'),
      later: counts('later'),
    },
    lateEntries: parts.flatMap((p) => p.lateEntries),
    alteredAfterBilling: parts.flatMap((p) => p.alteredAfterBilling),
    unusedDecisions: parts.length === 0 ? [] : parts[0]!.unusedDecisions.filter((d) => unusedIn.get(d) === parts.length),
  };
}
